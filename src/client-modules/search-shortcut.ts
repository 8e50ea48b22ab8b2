// "/" focuses the search box, as on many documentation sites; Ctrl/Cmd+K is handled by the
// search plugin itself. Typing "/" inside a text field still types a slash.

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

if (typeof window !== 'undefined') {
  window.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const input = document.querySelector<HTMLInputElement>('.navbar input.navbar__search-input');
    if (!input) return;
    event.preventDefault();
    input.focus();
  });
}

export {};
