// Move keyboard and screen-reader focus to the error summary when a form comes back with errors.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});

// A form marked "submit-once" disables its buttons after the first submit (the server is
// idempotent anyway: a second submit never creates a second request).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("submit-once")) {
    return;
  }
  if (form.dataset.submitted === "true") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "true";
});

// After a message is sent through htmx, empty the message form (only then: a failed send keeps
// what was written).
document.body && document.body.addEventListener("messageSent", function () {
  document.querySelectorAll("form.message-form").forEach(function (form) { form.reset(); });
});
