/** Plain words in which `backticked` parts (a command to run, say) show as code. */
export function TextWithCode({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves the last part open: it stays text.
  const closed = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && i < closed ? <code key={i}>{part}</code> : <span key={i}>{i % 2 === 1 ? `\`${part}` : part}</span>,
      )}
    </>
  );
}
