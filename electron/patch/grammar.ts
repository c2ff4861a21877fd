/**
 * The apply_patch format as a Lark grammar, for the Responses API's custom tool
 * (`format: { type: 'grammar', syntax: 'lark', definition }`), so the model can only emit
 * well-formed patches. It is stricter than `parsePatch`, which also takes the slips a model
 * makes when it writes a patch without the grammar's help.
 *
 * An update holds one or more changes; only the first may start without an `@@` line, and each
 * may end with `*** End of File`.
 */
export const APPLY_PATCH_GRAMMAR = String.raw`start: "*** Begin Patch" LF operation+ "*** End Patch" LF?

operation: add_file | delete_file | update_file

add_file: "*** Add File: " FILE_PATH LF (NEW_FILE_LINE LF)+
delete_file: "*** Delete File: " FILE_PATH LF
update_file: "*** Update File: " FILE_PATH LF rename? first_change later_change*
rename: "*** Move to: " FILE_PATH LF

first_change: (ANCHOR LF)* change_body
later_change: (ANCHOR LF)+ change_body
change_body: (CHANGE_LINE LF)+ end_of_file?
end_of_file: "*** End of File" LF

FILE_PATH: /[^\n]+/
NEW_FILE_LINE: /\+[^\n]*/
ANCHOR: /@@( [^\n]*)?/
CHANGE_LINE: /[ +\-][^\n]*/
LF: "\n"
`;
