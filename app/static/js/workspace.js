/* The review workspace's running total: recomputed while the reviewer types, with the same rule
   as the server (app/reviews/workspace.py running_total): only whole numbers within a
   criterion's maximum count. Without this script the total is shown after each save. */
(function () {
  "use strict";
  function recompute(output) {
    var total = 0;
    document.querySelectorAll("input[data-points-max]").forEach(function (input) {
      var text = input.value.trim();
      var max = parseInt(input.getAttribute("data-points-max"), 10);
      if (/^[0-9]{1,6}$/.test(text) && parseInt(text, 10) <= max) {
        total += parseInt(text, 10);
      }
    });
    output.textContent = String(total);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var output = document.getElementById("running-total");
    if (!output) { return; }
    document.querySelectorAll("input[data-points-max]").forEach(function (input) {
      input.addEventListener("input", function () { recompute(output); });
    });
  });
}());
