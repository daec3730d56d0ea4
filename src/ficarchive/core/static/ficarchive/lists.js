// Lists: on a wide screen the filters sit open beside the results. The stylesheet shows them
// even without this script; opening their <details> here keeps its state, which screen
// readers announce, true to what is shown. A narrow screen starts with them folded.
(() => {
  "use strict";
  const panels = document.querySelectorAll("details.filters-panel");
  if (!panels.length) return;
  const wide = window.matchMedia("(min-width: 52.0625rem)");
  const apply = () => panels.forEach((panel) => { panel.open = wide.matches; });
  apply();
  wide.addEventListener("change", apply);
})();
