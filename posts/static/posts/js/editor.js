// The post editor's small helps for writers (added by posts.editor's insert_editor_js hook).
// 1. Enter in a list item adds the next item and moves the cursor there, as in a word
//    processor (blocks marked data-bulletin-list in posts/blocks.py).
// 2. Once a person is chosen from the People list, the fields for typing in someone who is
//    not on the list hide; clearing the choice shows them again (data-bulletin-person).
// Blocks are drawn by Wagtail's scripts after the page loads, so both work by delegation.
(() => {
  "use strict";

  const TYPED_IN = ["name", "job_title", "organisation"];

  function listItemInput(target) {
    if (!(target instanceof HTMLInputElement) || target.type !== "text") return null;
    const list = target.closest("[data-bulletin-list]");
    const items = target.closest("[data-contentpath='items']");
    return list && items && list.contains(items) ? target : null;
  }

  function addItemAfter(input) {
    const child = input.closest("[data-streamfield-child]");
    const add = child && child.nextElementSibling;
    if (!add || !add.matches("[data-streamfield-list-add]") || add.disabled) return;
    add.click();
    // Wagtail inserts the new item right after the button it was asked from.
    const next = add.nextElementSibling;
    const field = next && next.querySelector("input[type='text']");
    if (field) field.focus();
  }

  document.addEventListener("keydown", (event) => {
    const modified = event.shiftKey || event.ctrlKey || event.metaKey || event.altKey;
    if (event.key !== "Enter" || modified || event.isComposing) return;
    const input = listItemInput(event.target);
    if (!input) return;
    event.preventDefault(); // Enter would otherwise submit the whole form
    addItemAfter(input);
  });

  function personOf(struct) {
    const chooser = struct.querySelector("[data-contentpath='person'] input[type='hidden']");
    return chooser && chooser.closest("[data-bulletin-person]") === struct ? chooser : null;
  }

  function showTypedIn(struct) {
    const chooser = personOf(struct);
    if (!chooser) return;
    const chosen = Boolean(chooser.value);
    for (const name of TYPED_IN) {
      for (const field of struct.querySelectorAll(`[data-contentpath='${name}']`)) {
        if (field.closest("[data-bulletin-person]") !== struct) continue;
        const input = field.querySelector("input");
        // A field with text in it stays: it changes what the post shows.
        field.hidden = chosen && !(input && input.value.trim());
      }
    }
  }

  document.addEventListener("change", (event) => {
    const struct = event.target.closest && event.target.closest("[data-bulletin-person]");
    if (struct && event.target.type === "hidden") showTypedIn(struct);
  });

  function showAll(root) {
    if (!(root instanceof Element)) return;
    if (root.matches("[data-bulletin-person]")) showTypedIn(root);
    root.querySelectorAll("[data-bulletin-person]").forEach(showTypedIn);
  }

  new MutationObserver((mutations) => {
    for (const mutation of mutations) mutation.addedNodes.forEach(showAll);
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => showAll(document.body));
})();
