/** What the model reads about apply_patch: how to write a patch. */
export const APPLY_PATCH_TOOL_DESCRIPTION = `Edit files by sending a patch. The input is the patch text itself: no JSON around it, no shell command, no heredoc.

A patch starts with the line "*** Begin Patch" and ends with the line "*** End Patch". Between them come one or more file sections, each starting with a header line:

*** Add File: PATH
  Creates a file (replacing any file already there). Every line of the new file follows, each prefixed with "+", including empty lines.
*** Delete File: PATH
  Removes a file. Nothing follows the header.
*** Update File: PATH
  Changes a file in place. To rename it as well, put "*** Move to: NEW_PATH" on the next line. Then come one or more changes.

A change is introduced by a line "@@", optionally followed by a space and a line from the file that locates the change, usually the class or function it is in, e.g. "@@ def handle_request(self):". Use several "@@ ..." lines in a row to narrow down (class, then method). Then come the change's lines, each starting with one character:
  " " (a space) for a context line that stays as it is,
  "-" for a line to remove,
  "+" for a line to add.
Give about three lines of context before and after each edit, copied exactly from the file, so the change can be found; add an "@@" line when that is not unique. Changes to one file must appear in the order they occur in the file, and must not repeat context already used by the previous change. If a change must sit at the very end of the file, put the line "*** End of File" after it.

Paths are relative to the working directory. Never number lines and never use a "---"/"+++" diff header.

Example:
*** Begin Patch
*** Add File: docs/notes.md
+# Notes
+
+First entry.
*** Update File: src/server.py
*** Move to: src/app.py
@@ def greet(name):
     message = build(name)
-    print("Hi " + name)
+    print(f"Hello, {name}!")
     return message
*** Delete File: src/old_helpers.py
*** End Patch

The result lists each file as A (added), M (modified) or D (deleted). If a change cannot be found the whole patch is refused and no file is touched: read the file again and send a corrected patch.`;
