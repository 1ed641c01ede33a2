// "Cetak tiket": a button marked data-print-ticket prints the page (static/css/ticket_print.css lays the
// ticket out for an 80 mm receipt roll and hides everything else on paper).
(function () {
  "use strict";
  document.querySelectorAll("[data-print-ticket]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
