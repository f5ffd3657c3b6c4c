/* Names for the admin widgets that Django draws without one, so screen readers can say what each field is:
   - the search boxes' help icons of the two-list pickers carry aria-label on a plain span (not allowed there):
     they become images;
   - the autocomplete (select2) boxes name themselves after their empty placeholder: they take the field's label;
   - the date and time halves of a date-time field have no label of their own: they take the row's label;
   - a tabular inline's fields are labelled by their column heading only: they take its text.
   Run once every other load handler has drawn its widget. */
window.addEventListener("load", function () {
  setTimeout(function () {
    function labelOf(id) {
      var label = id && document.querySelector('label[for="' + id + '"]');
      return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
    }
    document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (el) {
      el.setAttribute("role", "img");
    });
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var name = labelOf(select.id);
      var box = select.nextElementSibling && select.nextElementSibling.querySelector(".select2-selection");
      if (!name || !box) return;
      box.removeAttribute("aria-labelledby");
      box.setAttribute("aria-label", name);
      var rendered = box.querySelector(".select2-selection__rendered");
      if (rendered) rendered.setAttribute("aria-label", name);
    });
    document.querySelectorAll("p.datetime").forEach(function (p) {
      var row = p.closest(".form-row, .fieldBox");
      var label = row && row.querySelector("label");
      var field = label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
      p.querySelectorAll("input").forEach(function (input) {
        if (input.labels && input.labels.length) return;
        // Django writes "日期:" and "时间:" as plain text before each half.
        var before = input.previousSibling;
        var part = before && before.nodeType === Node.TEXT_NODE ? before.textContent.replace(/[:：]\s*$/, "").trim() : "";
        input.setAttribute("aria-label", [field, part].filter(Boolean).join(" "));
      });
    });
    // A tabular inline's fields are named by their column's heading only visually: give each its heading's text.
    document.querySelectorAll(".tabular table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if ((field.labels && field.labels.length) || field.getAttribute("aria-label")) return;
            if (heads[index]) field.setAttribute("aria-label", heads[index]);
          });
        });
      });
    });
  }, 0);
});
