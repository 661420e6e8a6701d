// Draws the report's charts with uPlot from the figures in #report-data. The tables around the
// charts already hold every figure, so the page reads (and prints) even where scripts are off.
(function () {
  'use strict';
  var body = document.body;
  var violations = 0;
  document.addEventListener('securitypolicyviolation', function () {
    violations++;
    body.setAttribute('data-csp-violations', String(violations));
  });
  var numbers = new Intl.NumberFormat('en-US');
  var data = JSON.parse(document.getElementById('report-data').textContent);

  function widthOf(element) {
    return Math.max(480, Math.min(element.clientWidth || 960, 1120));
  }

  function formatted(u, values) {
    return values.map(function (v) { return v == null ? '' : numbers.format(v); });
  }

  function timeChart() {
    var element = document.getElementById('time-chart');
    var series = data.series;
    if (!element || !series || series.x.length === 0) {
      return;
    }
    var peak = series.y.map(function (v, i) { return i === series.peakIndex ? v : null; });
    new uPlot({
      width: widthOf(element),
      height: 320,
      tzDate: function (seconds) { return uPlot.tzDate(new Date(seconds * 1e3), 'Etc/UTC'); },
      scales: {
        x: { time: true },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
      },
      series: [
        { label: 'time (UTC)' },
        { label: 'pageviews', stroke: '#2563eb', fill: 'rgba(37, 99, 235, 0.15)', width: 1.5,
          points: { show: series.x.length < 60 } },
        { label: 'peak', stroke: '#b91c1c', width: 0,
          points: { show: true, size: 11, fill: '#b91c1c', stroke: '#b91c1c' } }
      ],
      axes: [{}, { label: 'pageviews per ' + data.bucketLabel, size: 80, values: formatted }]
    }, [series.x, series.y, peak], element);
    element.setAttribute('data-points', String(series.x.length));
  }

  function spreadChart() {
    var element = document.getElementById('spread-chart');
    var spread = data.spread;
    if (!element || !spread || spread.users.length === 0) {
      return;
    }
    var x = spread.users.map(function (v, i) { return i; });
    var y = spread.users.map(function (v) { return v; });
    new uPlot({
      width: widthOf(element),
      height: 280,
      scales: {
        x: { time: false, range: [-0.6, x.length - 0.4] },
        // asinh: logarithmic for large counts, yet 0 and 1 stay visible (a lone bot is 1 user).
        y: { distr: 4, asinh: 1, range: function (u, min, max) { return [0, Math.max(2, max * 1.5)]; } }
      },
      series: [
        { label: 'pageviews per user' },
        { label: 'users', stroke: '#2563eb', fill: 'rgba(37, 99, 235, 0.55)',
          paths: uPlot.paths.bars({ size: [0.8, 80] }), points: { show: false } }
      ],
      axes: [
        { label: 'pageviews per user (log scale)', splits: function () { return x; },
          values: function (u, values) {
            return values.map(function (v) { return spread.labels[v] || ''; });
          } },
        { label: 'users (log-like scale)', size: 70, values: formatted,
          splits: function (u) {
            var ticks = [0, 1];
            for (var t = 10; t <= u.scales.y.max; t *= 10) { ticks.push(t); }
            return ticks;
          } }
      ],
      legend: { show: false }
    }, [x, y], element);
    element.setAttribute('data-bars', String(x.length));
  }

  try {
    timeChart();
    spreadChart();
    body.setAttribute('data-charts', 'drawn');
  } catch (e) {
    body.setAttribute('data-charts', 'failed: ' + e);
  }
})();
