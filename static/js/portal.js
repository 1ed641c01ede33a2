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

// A search box that narrows a long checkbox list (the variables of a microdata set). Hidden
// boxes keep their state: filtering never changes what is chosen.
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box.dataset || !box.dataset.filterList) {
    return;
  }
  var words = box.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
  var list = document.getElementById(box.dataset.filterList);
  var shown = 0;
  list.querySelectorAll(".form-check").forEach(function (item) {
    var text = item.textContent.toLowerCase();
    var match = words.every(function (word) { return text.indexOf(word) !== -1; });
    item.hidden = !match;
    if (match) { shown += 1; }
  });
  var counter = document.getElementById(box.dataset.filterList + "-shown");
  if (counter) { counter.textContent = shown; }
});

// "Choose all" / "choose none" for a checkbox list; tells htmx the choice changed.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-check-all]");
  if (!button) {
    return;
  }
  var list = document.getElementById(button.dataset.checkAll);
  var value = button.dataset.value === "true";
  list.querySelectorAll("input[type=checkbox]").forEach(function (input) {
    if (!input.closest(".form-check").hidden) { input.checked = value; }
  });
  list.dispatchEvent(new Event("change", { bubbles: true }));
});
