// The post editor's content checks panel (editorial/panels.py): each finding links to
// the block or field it is about. Following the link opens that block (its tab and any
// collapsed panel around it), scrolls to it, focuses it and highlights it until focus
// leaves it. Without this script the links still jump to the block.
(() => {
  "use strict";

  const HIGHLIGHT = "editorial-highlight";

  function openTab(target) {
    const tabPanel = target.closest("[role='tabpanel']");
    if (tabPanel && tabPanel.hidden) {
      const tab = document.querySelector(`[role='tab'][aria-controls='${tabPanel.id}']`);
      if (tab) tab.click();
    }
  }

  function expand(target) {
    // The target and every panel it sits in, from the outside in.
    const panels = [];
    for (let panel = target.closest("[data-panel]"); panel; ) {
      panels.unshift(panel);
      panel = panel.parentElement && panel.parentElement.closest("[data-panel]");
    }
    panels.forEach((panel) => {
      const toggle = panel.querySelector(":scope > .w-panel__header [data-panel-toggle]");
      if (toggle && toggle.getAttribute("aria-expanded") === "false") toggle.click();
    });
  }

  function highlight(target) {
    document.querySelectorAll(`.${HIGHLIGHT}`).forEach((element) => {
      element.classList.remove(HIGHLIGHT);
    });
    target.classList.add(HIGHLIGHT);
    target.addEventListener("focusout", function leave(event) {
      if (!target.contains(event.relatedTarget)) {
        target.classList.remove(HIGHLIGHT);
        target.removeEventListener("focusout", leave);
      }
    });
  }

  function show(target) {
    openTab(target);
    expand(target);
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "center" });
    target.focus({ preventScroll: true });
    highlight(target);
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-editorial-finding]");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return; // removed since the page loaded: the browser does what it can
    event.preventDefault();
    show(target);
  });
})();
