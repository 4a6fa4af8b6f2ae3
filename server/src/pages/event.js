// An event page's count of candles, kept current: every 30 s while the page is visible, and
// at once when a hidden tab shows again. The number alone is rewritten, and only when it
// changed, so a screen reader hears it once. A flyer's print button, shown where it works.
const count = document.querySelector("[data-candles]");
if (count) {
  const number = count.querySelector("strong");
  const format = new Intl.NumberFormat(document.documentElement.lang);
  const refresh = async () => {
    if (document.hidden) return;
    try {
      const answer = await fetch(count.dataset.candles, { headers: { accept: "application/json" } });
      if (!answer.ok) return;
      const text = format.format((await answer.json()).candles);
      if (number.textContent !== text) number.textContent = text;
    } catch {
      // Offline for a moment: the count shown stays until the next try.
    }
  };
  setInterval(refresh, 30_000);
  document.addEventListener("visibilitychange", refresh);
}
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
