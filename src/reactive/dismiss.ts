import { onCleanup } from "solid-js";

/** Close a popover on Escape or on a pointer press outside `anchor()`. */
export function onDismiss(anchor: () => HTMLElement | undefined, close: () => void): void {
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape") close();
  };
  const onPointer = (event: PointerEvent) => {
    const element = anchor();
    if (element && !element.contains(event.target as Node)) close();
  };
  document.addEventListener("keydown", onKey);
  document.addEventListener("pointerdown", onPointer);
  onCleanup(() => {
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("pointerdown", onPointer);
  });
}
