import type { ReactNode } from 'react';

/** What a row's action slot knows: enough to act on one tag. */
export interface TagActionContext {
  name: string;
  tag: string;
  /** The digest the row shows (what the user sees); undefined until resolved. */
  digest?: string;
}

export interface SelectedRow {
  tag: string;
  digest?: string;
}

/** What the toolbar's bulk slot knows: the selection, in table order. */
export interface BulkActionContext {
  name: string;
  selected: readonly SelectedRow[];
  clearSelection: () => void;
}

/**
 * Slots another feature fills (composed in app/): features do not import each other. Pass stable
 * functions (module-level): rows are memoized on their props.
 */
export interface TagActionSlots {
  renderTagActions?: (context: TagActionContext) => ReactNode;
  /** When given, rows get "Select <tag>" checkboxes and this renders above the table. */
  renderBulkActions?: (context: BulkActionContext) => ReactNode;
}
