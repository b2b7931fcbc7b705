/** Marks where the code to replace begins and ends inside the file shown to the model. */
export const RANGE_START_MARKER = '<<<SELECTION_START>>>';
export const RANGE_END_MARKER = '<<<SELECTION_END>>>';
