// Reply templates (replies/_picker.html): choosing one inserts its text, already filled in by the
// server, at the cursor of the text box the picker belongs to. Without this script the page lists the
// texts to copy.
(function () {
  if (window.replyPickerReady) {
    return;
  }
  window.replyPickerReady = true;

  function insertAtCursor(box, text) {
    var start = box.selectionStart, end = box.selectionEnd;
    if (typeof start !== "number") {
      start = end = box.value.length;
    }
    box.focus();
    box.setRangeText(text, start, end, "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setUp(root) {
    root.querySelectorAll(".reply-picker").forEach(function (picker) {
      var controls = picker.querySelector(".reply-picker-controls");
      if (!controls || picker.dataset.ready === "true") {
        return;
      }
      picker.dataset.ready = "true";
      controls.hidden = false;
      var select = picker.querySelector(".reply-picker-select");
      select.addEventListener("change", function () {
        var source = picker.querySelector('[data-reply-index="' + select.value + '"]');
        var box = document.getElementById(picker.dataset.replyTarget);
        if (source && box) {
          insertAtCursor(box, source.textContent);
        }
        select.value = "";
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { setUp(event.target); });
})();
