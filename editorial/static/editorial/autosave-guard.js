// Wagtail 8's autosave sends the whole edit form, including the workflow action that a
// click on "Approve and publish" has just added to it, a moment after the click itself.
// The server refuses such an autosave (editorial/editing.py); this keeps the browser from
// sending it: once the form is on its way, autosaves stop, and none carries an action.
(() => {
  const WORKFLOW_FIELDS = [
    "action-workflow-action",
    "workflow-action-name",
    "workflow-action-extra-data",
  ];

  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    if (form.dataset.bulletinSubmitted === "true") {
      event.preventDefault();
      return;
    }
    const formData = event.detail && event.detail.formData;
    if (formData) {
      WORKFLOW_FIELDS.forEach((name) => formData.delete(name));
    }
  });

  // On window, so that this runs after every other submit handler; a submission that one
  // of them cancelled (a confirmation dialog) does not stop autosaving.
  window.addEventListener("submit", (event) => {
    const form = event.target;
    if (!event.defaultPrevented && form.matches("[data-edit-form]")) {
      form.dataset.bulletinSubmitted = "true";
    }
  });
})();
