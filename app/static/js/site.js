/* Progressive enhancement for every page (a static file: the CSP allows no inline script).
   When a page shows an error summary, move the focus to it so keyboard and screen-reader users
   land on the list of problems; its links then lead to each field. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
      summary.focus();
    }
  });
}());

/* A table not already in its own scrolling container gets one, so a wide table scrolls by
   itself instead of widening the page (at 320 px or 200% zoom). The container is a labelled,
   focusable region so keyboard users can scroll it too. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".table-scroll")) { return; }
      var wrap = document.createElement("div");
      var caption = table.querySelector("caption");
      wrap.className = "table-scroll";
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  });
}());
