/**
 * Moves a dialog's backdrop to the end of <body>: a dialog opened from the desk panel would
 * otherwise stay in the panel's stacking context, under the header and KPI strip, and a tall
 * one would lose its top behind them.
 */
export function portal(node: HTMLElement): { destroy(): void } {
  document.body.appendChild(node);
  return { destroy: () => node.remove() };
}
