// jiuzhu pages: sortable and filterable tables, results fetched without leaving the form
// (so the chosen file stays for the download buttons), and the comparison chart.
// Everything shown comes from the server already escaped, or is set with textContent.
"use strict";

function cellValue(row, index) {
  const text = row.cells[index] ? row.cells[index].textContent.trim() : "";
  const number = Number(text.replace(/,/g, ""));
  return text !== "" && !Number.isNaN(number) ? number : text;
}

function makeSortable(table) {
  const heads = table.tHead ? table.tHead.rows[0].cells : [];
  Array.from(heads).forEach((th, index) => {
    if (th.classList.contains("nosort")) return;
    th.tabIndex = 0;
    th.title = "排序 sort";
    const sort = () => {
      const body = table.tBodies[0];
      const ascending = th.dataset.sorted !== "asc";
      Array.from(heads).forEach((h) => delete h.dataset.sorted);
      th.dataset.sorted = ascending ? "asc" : "desc";
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = cellValue(a, index), y = cellValue(b, index);
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh");
        return ascending ? order : -order;
      });
      rows.forEach((row) => body.appendChild(row));
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
  });
}

function bindFilter(input) {
  const table = document.getElementById(input.dataset.filter);
  if (!table) return;
  input.addEventListener("input", () => {
    const needle = input.value.trim().toLowerCase();
    Array.from(table.tBodies[0].rows).forEach((row) => {
      row.hidden = needle !== "" && !row.textContent.toLowerCase().includes(needle);
    });
  });
}

function drawChart(root) {
  const holder = root.querySelector("#chart");
  const data = root.querySelector("#chart-data");
  if (!holder || !data || typeof echarts === "undefined") return;
  const spec = JSON.parse(data.textContent);
  const chart = echarts.init(holder, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    title: { text: spec.title, left: "center", textStyle: { fontSize: 15 } },
    tooltip: { trigger: "axis" },
    legend: { top: 28 },
    grid: { left: 60, right: 24, top: 70, bottom: 90 },
    xAxis: { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: 15 } },
    yAxis: { type: "value", name: "人 persons" },
    series: spec.series.map((s) => ({ name: s.name, type: "bar", data: s.data, label: { show: true, position: "top" } })),
    graphic: [{ type: "text", left: 10, bottom: 8, style: { text: spec.source, fill: "#666", fontSize: 11 } }],
  });
  holder.dataset.drawn = "yes";
  window.addEventListener("resize", () => chart.resize());
}

function enhance(root) {
  root.querySelectorAll("table.sortable").forEach(makeSortable);
  root.querySelectorAll("input[data-filter]").forEach(bindFilter);
  drawChart(root);
}

function bindFragmentForm(form) {
  const target = document.getElementById(form.dataset.fragment);
  form.addEventListener("submit", async (event) => {
    const submitter = event.submitter;
    if (submitter && submitter.getAttribute("formaction")) return; // downloads: a normal submit
    event.preventDefault();
    target.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form),
        headers: { "X-Jiuzhu-Fragment": "1" }, credentials: "same-origin" });
      const html = await response.text();
      // The fragment was rendered by the server with every user string escaped.
      const parsed = new DOMParser().parseFromString(html, "text/html");
      target.replaceChildren(...Array.from(parsed.body.childNodes).map((node) => document.importNode(node, true)));
      enhance(target);
    } catch (error) {
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = "请求失败 request failed: " + error;
      target.replaceChildren(p);
    } finally {
      target.removeAttribute("aria-busy");
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  enhance(document);
  document.querySelectorAll("form[data-fragment]").forEach(bindFragmentForm);
});
