import { describe, expect, it } from 'vitest';
import { deskCommand, dialogKey, isSubmitKey, isTypingTarget } from './keys.ts';

const act = { canAct: true };
const watch = { canAct: false };

describe('deskCommand', () => {
  it('moves with the arrows and with j/k', () => {
    expect(deskCommand({ key: 'ArrowDown' }, act)).toBe('next');
    expect(deskCommand({ key: 'j' }, act)).toBe('next');
    expect(deskCommand({ key: 'ArrowUp' }, act)).toBe('prev');
    expect(deskCommand({ key: 'k' }, act)).toBe('prev');
  });

  it('maps A, D, R, C, H to acknowledge, dispatch, resolve, comment, hand-off, in either case', () => {
    expect(['a', 'd', 'r', 'c', 'h', 's'].map((key) => deskCommand({ key }, act))).toEqual(['ack', 'dispatch', 'resolve', 'comment', 'handoff', 'silence']);
    expect(['l', 'M'].map((key) => deskCommand({ key }, act))).toEqual(['link', 'merge']);
    expect(['A', 'D', 'R', 'C', 'H', 'S'].map((key) => deskCommand({ key }, act))).toEqual(['ack', 'dispatch', 'resolve', 'comment', 'handoff', 'silence']);
  });

  it('has Enter for the detail, Esc to close, ? for the shortcuts', () => {
    expect(deskCommand({ key: 'Enter' }, act)).toBe('detail');
    expect(deskCommand({ key: 'Escape' }, act)).toBe('escape');
    expect(deskCommand({ key: '?' }, act)).toBe('help');
  });

  it('gives a viewer navigation but no action keys', () => {
    expect(['a', 'd', 'r', 'c', 'h'].map((key) => deskCommand({ key }, watch))).toEqual([null, null, null, null, null]);
    expect(deskCommand({ key: 'ArrowDown' }, watch)).toBe('next');
    expect(deskCommand({ key: '?' }, watch)).toBe('help');
  });

  it('ignores keys typed into a field and the browser’s own shortcuts', () => {
    expect(deskCommand({ key: 'a', typing: true }, act)).toBeNull();
    expect(deskCommand({ key: 'ArrowDown', typing: true }, act)).toBeNull();
    expect(deskCommand({ key: 'r', ctrlKey: true }, act)).toBeNull();
    expect(deskCommand({ key: 'c', metaKey: true }, act)).toBeNull();
    expect(deskCommand({ key: 'd', altKey: true }, act)).toBeNull();
  });

  it('ignores every other key', () => {
    for (const key of ['x', '1', 'Tab', ' ', 'F5', 'Dead']) expect(deskCommand({ key }, act)).toBeNull();
  });
});

describe('isTypingTarget', () => {
  it('is true for text inputs, textareas, selects and contenteditable', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false for buttons, checkboxes and the page', () => {
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BODY' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('isSubmitKey', () => {
  it('submits on Enter, not on Shift+Enter nor while composing (Vietnamese IME)', () => {
    expect(isSubmitKey({ key: 'Enter' })).toBe(true);
    expect(isSubmitKey({ key: 'Enter', shiftKey: true })).toBe(false);
    expect(isSubmitKey({ key: 'Enter', isComposing: true })).toBe(false);
    expect(isSubmitKey({ key: 'a' })).toBe(false);
  });
});

describe('dialogKey', () => {
  const field = { name: 'note' };
  const press = (key: string, target: unknown, shiftKey = false) => {
    const calls: string[] = [];
    const e = { key, shiftKey, target, preventDefault: () => calls.push('prevent'), stopPropagation: () => calls.push('stop') };
    const took = dialogKey(e, [field], { cancel: () => calls.push('cancel'), submit: () => calls.push('submit') });
    return { took, calls };
  };
  it('cancels on Esc wherever the focus is, and keeps the key from the desk behind', () => {
    expect(press('Escape', null)).toEqual({ took: true, calls: ['prevent', 'stop', 'cancel'] });
  });
  it('sends on Enter only from the listed fields, and never on Shift+Enter', () => {
    expect(press('Enter', field)).toEqual({ took: true, calls: ['prevent', 'submit'] });
    expect(press('Enter', { name: 'button' })).toEqual({ took: false, calls: [] });
    expect(press('Enter', field, true)).toEqual({ took: false, calls: [] });
    expect(press('1', field)).toEqual({ took: false, calls: [] });
  });
});
