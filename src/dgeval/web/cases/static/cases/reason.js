// Live character count under every 推荐理由 box; the server still refuses more than the limit.
document.querySelectorAll("textarea[data-max-chars]").forEach(function (box) {
  var max = parseInt(box.dataset.maxChars, 10);
  var out = document.createElement("div");
  out.className = "chars";
  box.insertAdjacentElement("afterend", out);
  function update() {
    var n = Array.from(box.value.trim()).length;
    out.textContent = n + " / " + max;
    out.classList.toggle("over", n > max);
  }
  box.addEventListener("input", update);
  update();
});
