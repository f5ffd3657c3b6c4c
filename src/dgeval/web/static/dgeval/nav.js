/* The site menu on a phone: folded behind the 菜单 button. Loaded in <head>, so the "js" class is set before the
   page is drawn; without JavaScript the class is never set and the menu simply shows, wrapped. */
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".nav-toggle");
  var panel = document.getElementById("site-nav");
  if (!button || !panel) return;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("open", open);
  });
});
