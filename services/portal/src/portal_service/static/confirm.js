// A form with data-confirm asks its question first (deleting a draft, recalling a proposal, ending a delegation).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
