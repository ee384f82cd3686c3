// A small enhancement: the sort menu applies itself. Everything works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const sort = document.querySelector(".list-filters select[name=sort]");
  if (sort && sort.form) {
    sort.addEventListener("change", () => sort.form.requestSubmit());
  }
});
