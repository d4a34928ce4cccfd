/** What a key press at the desk asks for. */
export type DeskCommand =
  'next' | 'prev' | 'ack' | 'resolve' | 'dispatch' | 'comment' | 'handoff' | 'silence' | 'link' | 'merge' | 'open' | 'detail' | 'escape' | 'help';

/** The part of a KeyboardEvent the mapping reads, so tests need no DOM. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The key went to a text field: it is typing, not a command. */
  typing?: boolean;
}

const NAVIGATION: Readonly<Record<string, DeskCommand>> = {
  ArrowDown: 'next',
  j: 'next',
  ArrowUp: 'prev',
  k: 'prev',
  Enter: 'detail',
  Escape: 'escape',
  '?': 'help',
};

const ACTIONS: Readonly<Record<string, DeskCommand>> = {
  a: 'ack',
  r: 'resolve',
  d: 'dispatch',
  c: 'comment',
  h: 'handoff',
  s: 'silence',
  l: 'link',
  m: 'merge',
  o: 'open',
};

/**
 * The desk's shortcuts, so a dispatcher works without the mouse. Keys typed into a field, and keys with
 * Ctrl/⌘/Alt (the browser's own shortcuts) are not commands. Action keys do nothing for a role that
 * cannot act.
 */
export function deskCommand(press: KeyPress, { canAct }: { canAct: boolean }): DeskCommand | null {
  if (press.typing || press.ctrlKey || press.metaKey || press.altKey) return null;
  const nav = NAVIGATION[press.key];
  if (nav) return nav;
  const action = ACTIONS[press.key.length === 1 ? press.key.toLowerCase() : ''];
  return action && canAct ? action : null;
}

/** The part of an element `isTypingTarget` reads. */
export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const NOT_TEXT = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether keys sent to `target` are text being typed (input, textarea, select, contenteditable). */
export function isTypingTarget(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TEXT.has((target.type ?? 'text').toLowerCase());
}

/** In a note field: Enter submits, Shift+Enter is a new line (and IME composition is left alone). */
export function isSubmitKey(press: { key: string; shiftKey?: boolean; isComposing?: boolean }): boolean {
  return press.key === 'Enter' && !press.shiftKey && !press.isComposing;
}

/** The part of a KeyboardEvent a dialog's key handling reads and acts on. */
export interface DialogKeyEvent {
  key: string;
  shiftKey?: boolean;
  isComposing?: boolean;
  target: unknown;
  preventDefault(): void;
  stopPropagation(): void;
}

/**
 * The keys every desk dialog shares: Esc cancels; Enter (not Shift+Enter) in one of `sendFrom` sends.
 * Returns whether it took the key, so a dialog can add its own (unit or station numbers).
 */
export function dialogKey(e: DialogKeyEvent, sendFrom: readonly unknown[], act: { cancel: () => void; submit: () => void }): boolean {
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    act.cancel();
    return true;
  }
  if (isSubmitKey(e) && sendFrom.includes(e.target)) {
    e.preventDefault();
    act.submit();
    return true;
  }
  return false;
}

/** The shortcuts as the `?` overlay lists them; labels are i18n keys. */
export const SHORTCUTS = [
  { keys: ['↑', '↓', 'j', 'k'], label: 'shortcut.move', action: false },
  { keys: ['Enter'], label: 'shortcut.detail', action: false },
  { keys: ['A'], label: 'shortcut.ack', action: true },
  { keys: ['D'], label: 'shortcut.dispatch', action: true },
  { keys: ['R'], label: 'shortcut.resolve', action: true },
  { keys: ['C'], label: 'shortcut.comment', action: true },
  { keys: ['H'], label: 'shortcut.handoff', action: true },
  { keys: ['S'], label: 'shortcut.silence', action: true },
  { keys: ['L'], label: 'shortcut.link', action: true },
  { keys: ['M'], label: 'shortcut.merge', action: true },
  { keys: ['O'], label: 'shortcut.open', action: true },
  { keys: ['Esc'], label: 'shortcut.escape', action: false },
  { keys: ['?'], label: 'shortcut.help', action: false },
] as const;
