// Co-authors by name: each "Add a co-author" list (select[data-app-people]) becomes an accessible
// autocomplete (GOV.UK's accessible-autocomplete). Each person chosen is added to a list below it, with a
// hidden input of the list's name and a button to take them off again, so that several can be added before
// saving. Without JavaScript the list stays a plain choice of one person at a time.
document.querySelectorAll("select[data-app-people]").forEach((select) => {
  const name = select.name;
  const boxId = select.id; // the autocomplete's input takes the select's id (the select becomes "<id>-select")
  const chosen = document.createElement("ul");
  chosen.className = "nhsuk-list app-people";
  chosen.setAttribute("aria-label", "Co-authors to add when you save");
  const status = document.createElement("p");
  status.className = "nhsuk-u-visually-hidden";
  status.setAttribute("aria-live", "polite");

  const add = (option) => {
    if (!option || !option.value || chosen.querySelector(`input[value="${option.value}"]`)) return;
    const item = document.createElement("li");
    const input = Object.assign(document.createElement("input"), { type: "hidden", name, value: option.value });
    const label = document.createElement("span");
    label.textContent = option.text;
    const remove = Object.assign(document.createElement("button"), { type: "button", className: "app-link-button" });
    remove.textContent = "Remove";
    const hidden = Object.assign(document.createElement("span"), { className: "nhsuk-u-visually-hidden" });
    hidden.textContent = ` ${option.text}`;
    remove.append(hidden);
    remove.addEventListener("click", () => {
      item.remove();
      status.textContent = `${option.text} will not be added.`;
    });
    item.append(input, label, " ", remove);
    chosen.append(item);
    status.textContent = `${option.text} will be added when you save.`;
  };

  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: "",
    minLength: 2,
    showNoOptionsFound: true,
    tNoResults: () => "Nobody found: check the spelling, or ask them to sign in once",
    onConfirm: (text) => {
      const option = Array.from(select.options).find((o) => o.text === text);
      add(option);
      // The box is for the next person; the list below holds who was chosen (the select itself posts nothing).
      window.setTimeout(() => {
        const box = document.getElementById(boxId);
        if (box) {
          box.value = "";
          box.dispatchEvent(new Event("input", { bubbles: true })); // so that the autocomplete's own state empties too
        }
        select.value = "";
      }, 0);
    },
  });
  select.removeAttribute("name");  // the hidden inputs carry the choices
  const wrapper = document.getElementById(boxId).closest(".nhsuk-form-group") || select.parentElement;
  wrapper.append(chosen, status);
});
