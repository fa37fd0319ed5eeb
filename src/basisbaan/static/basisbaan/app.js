// Small progressive enhancements (no inline scripts: the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Forms with data-confirm ask before submitting.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // A form that came back with errors: the keyboard starts at the error summary, whose
  // links lead to each field.
  const summary = document.querySelector(".bb-error-summary");
  if (summary) summary.focus();
  // Buttons with data-print open the print dialog.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
