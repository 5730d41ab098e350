/** The drag-and-drop type that carries an operator type id from the palette to the canvas. */
export const DRAG_TYPE = 'application/x-patchline-type';
