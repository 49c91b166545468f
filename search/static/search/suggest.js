// Suggestions in the search boxes (README, "Search"): GOV.UK's accessible-autocomplete on
// every input marked data-bulletin-suggest, asking that address for titles of posts as the
// reader pauses in typing. Without JavaScript the box is a plain box in a GET form, and
// with it the form still submits what was typed: only a suggestion chosen with the arrow
// keys (or a click) replaces it, and then searches for that title at once.
import "../accessible-autocomplete/accessible-autocomplete.min.js";

const MIN_LENGTH = 3; // as search.views.MIN_SUGGEST_LENGTH
const PAUSE_MS = 250;
const HOW_TO = "When suggestions appear, use the up and down arrows to review them and " +
  "Enter to search for one, or press Enter to search for what you typed.";

function escapeHtml(text) {
  // The component writes suggestions as HTML: a title is text, never markup.
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function addStylesheet() {
  if (document.querySelector("link[data-bulletin-autocomplete]")) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL(
    "../accessible-autocomplete/accessible-autocomplete.min.css",
    import.meta.url,
  ).href;
  link.dataset.bulletinAutocomplete = "";
  document.head.append(link);
}

// Asks `url` once the reader pauses, dropping an answer that a newer question overtook.
function suggestionsFrom(url, maxLength) {
  let timer;
  let pending;
  return (query, populate) => {
    clearTimeout(timer);
    pending?.abort();
    timer = setTimeout(() => {
      pending = new AbortController();
      const address = new URL(url, window.location.href);
      address.searchParams.set("q", query.slice(0, maxLength));
      fetch(address, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { suggestions: [] }))
        .then((data) => {
          const titles = Array.isArray(data.suggestions) ? data.suggestions : [];
          populate(titles.filter((title) => typeof title === "string"));
        })
        .catch(() => {}); // overtaken, or offline: the box still searches
    }, PAUSE_MS);
  };
}

function describedBy(input) {
  const ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent.trim()).filter(Boolean);
}

function enhance(input) {
  const { form, id, name, value, className } = input;
  const maxLength = input.maxLength > 0 ? input.maxLength : 200;
  // The component makes its own input (a combobox) under the same id, so the label is
  // kept; the hints the old box pointed to are read out with the component's own.
  const hint = [...describedBy(input), HOW_TO].join(" ");
  const typing = document.activeElement === input;
  const container = document.createElement("div");
  container.className = "bulletin-search__autocomplete";
  input.replaceWith(container);
  let box;
  window.accessibleAutocomplete({
    element: container,
    id,
    name,
    defaultValue: value,
    minLength: MIN_LENGTH,
    displayMenu: "overlay",
    confirmOnBlur: false,
    showNoOptionsFound: false,
    inputClasses: className,
    source: suggestionsFrom(input.dataset.bulletinSuggest, maxLength),
    templates: { inputValue: (title) => title, suggestion: escapeHtml },
    onConfirm: (title) => {
      if (!title) return;
      box.value = title;
      form.requestSubmit();
    },
    tAssistiveHint: () => hint,
    tStatusQueryTooShort: (n) => `Type ${n} or more characters for suggestions`,
    tStatusNoResults: () => "No suggestions",
    tStatusSelectedOption: (title, length, index) =>
      `${title} ${index + 1} of ${length} is highlighted`,
    tStatusResults: (length, highlighted) =>
      `${length} ${length === 1 ? "suggestion is" : "suggestions are"} available. ${highlighted}`,
  });
  box = container.querySelector("input");
  box.maxLength = maxLength;
  box.spellcheck = false;
  if (typing) {
    // The reader was already typing: the new box keeps the focus and what was typed. The
    // component selects all its text on focus (once it has rendered, a microtask later),
    // so the caret goes back to the end after that, before the next key is handled.
    box.focus();
    const end = () => box.setSelectionRange(box.value.length, box.value.length);
    Promise.resolve().then(() => Promise.resolve()).then(end);
  }
  // Enter in the box itself (no suggestion chosen) submits what was typed, as without
  // JavaScript: the component would swallow it while its menu is open.
  form.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Enter" && event.target === box) event.stopPropagation();
    },
    true,
  );
}

export function enhanceSearchBoxes() {
  const inputs = document.querySelectorAll("input[data-bulletin-suggest]");
  if (!inputs.length || typeof window.accessibleAutocomplete !== "function") return;
  addStylesheet();
  inputs.forEach(enhance);
}
