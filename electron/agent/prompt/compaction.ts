/** The request that asks the model to hand its work over to a fresh context. Written for Tandem. */
export const COMPACTION_PROMPT = `You are about to run out of context. Write a hand-off note for the assistant who will continue this
task in a fresh conversation, with none of the messages above. Include:
- what the person asked for, in their own words where it matters, and any preferences or constraints they gave;
- what has been done so far: files changed, commands run and what they showed, decisions made and why;
- the current state: what works, what fails, open errors with their exact messages;
- what remains, as concrete next steps.
Be specific (paths, names, commands) and brief. Write only the note.`;

/** What the summary message opens with, so the next model reads it as a hand-off. */
export const COMPACTION_SUMMARY_PREFIX =
  'Earlier messages of this conversation were replaced by the following hand-off note, written by the assistant who worked on the task until now:\n\n';

export const COMPACTION_WARNING =
  'The conversation was compacted: earlier messages were replaced by a summary. Long conversations and repeated compactions can make the agent less accurate; start a new session when you can.';
