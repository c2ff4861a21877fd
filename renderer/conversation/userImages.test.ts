import { describe, expect, it } from 'vitest';
import { addTypedMessage } from './localActions.js';
import { reduceEvents } from './reduceEvent.js';
import { emptySessionView } from './sessionView.js';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4IycHAALyARlzRAvLAAAAAElFTkSuQmCC';

describe('images in the person’s messages', () => {
  it('show in the cell typed here, which the echo then records', () => {
    const typed = addTypedMessage(emptySessionView('s'), 'what is this?', [PNG]);
    expect(typed.cells.at(-1)).toMatchObject({ kind: 'user', text: 'what is this?', images: [PNG], delivery: 'sent' });
    const echoed = reduceEvents(typed, [{ id: '1', msg: { type: 'user_message', message: 'what is this?', images: [PNG] } }], 0);
    expect(echoed.cells.filter((cell) => cell.kind === 'user')).toEqual([expect.objectContaining({ images: [PNG], delivery: 'recorded' })]);
  });

  it('are drawn again from a replayed user_message, as after a reload', () => {
    const replayed = reduceEvents(emptySessionView('s'), [{ id: '', msg: { type: 'user_message', message: '', images: [PNG, PNG] } }], 0);
    expect(replayed.cells).toEqual([expect.objectContaining({ kind: 'user', text: '', images: [PNG, PNG] })]);
  });
});
