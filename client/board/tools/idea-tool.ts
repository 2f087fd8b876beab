import { StateNode } from 'tldraw'
import { createIdeaAt } from '../board-editor.ts'
import { IDEA_TOOL } from './toolbar.ts'

/**
 * The "Idée" tool: a click on the canvas puts a new idea card there (shapes.tsx draws it) and opens it
 * for writing, then the select tool is back. It replaces tldraw's sticky note, which looks like an idea
 * but is not one (the server refuses 'note' shapes). createIdeaAt checks the phase allows it.
 */
export class IdeaTool extends StateNode {
  static override id = IDEA_TOOL

  override onEnter() {
    this.editor.setCursor({ type: 'cross', rotation: 0 })
  }

  override onPointerDown() {
    const point = this.editor.inputs.getCurrentPagePoint()
    // Back to select first: the new card's text field belongs to the select tool's editing state.
    this.editor.setCurrentTool('select')
    createIdeaAt(this.editor, point)
  }

  override onCancel() {
    this.editor.setCurrentTool('select')
  }
}
