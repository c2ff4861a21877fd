import { useState, type DragEvent, type ReactNode } from 'react';

interface DropZoneProps {
  /** Called with the dropped item; returns false when it could not be used as a folder. */
  onDropFile(file: File): void;
  children: ReactNode;
}

/** The big area a project folder is dragged onto. */
export function DropZone({ onDropFile, children }: DropZoneProps) {
  const [over, setOver] = useState(false);

  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) onDropFile(file);
  };

  return (
    <section
      className={over ? 'drop-zone drop-zone--over' : 'drop-zone'}
      aria-label="Drop a project folder"
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <svg className="drop-zone__icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h4.2l2 2h8.8A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z" />
      </svg>
      <p className="drop-zone__title">Drop a project folder</p>
      {children}
    </section>
  );
}
