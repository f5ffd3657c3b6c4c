// The availability chart of a target: probes per day (bars) and 故障率 per day (line, %), with the 5 % veto line.
// Data and labels come from json_script elements, so the page needs no inline script.
(function () {
  "use strict";
  var holder = document.getElementById("availability-chart");
  var data = document.getElementById("availability-data");
  var labels = document.getElementById("availability-labels");
  if (!holder || !data || !labels || typeof echarts === "undefined") { return; }
  var days = JSON.parse(data.textContent);
  var text = JSON.parse(labels.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [text.probes, text.rate] },
    grid: { left: 48, right: 64, top: 48, bottom: 32 },
    xAxis: { type: "category", data: days.map(function (d) { return d.date; }) },
    yAxis: [
      { type: "value", name: text.probes, minInterval: 1 },
      { type: "value", name: text.rate + "（%）", min: 0 }
    ],
    series: [
      { name: text.probes, type: "bar", data: days.map(function (d) { return d.probes; }), itemStyle: { color: "#9bb7d4" } },
      { name: text.rate, type: "line", yAxisIndex: 1, data: days.map(function (d) { return d.rate; }),
        itemStyle: { color: "#c23531" },
        markLine: { silent: true, symbol: "none", data: [{ yAxis: text.veto, name: text.vetoName }],
                    label: { formatter: text.vetoName }, lineStyle: { type: "dashed" } } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
