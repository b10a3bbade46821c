"""Browser helpers for the tests; they live in `support.browser`, shared with the benchmarks."""

from playwright.sync_api import Page

from support.browser import (
    PAGE_PATHS,
    download_button,
    nav_link,
    no_exception,
    open_page,
    wait_for_app,
    wait_for_charts,
)

__all__ = [
    "PAGE_PATHS",
    "chart_text_problems",
    "download_button",
    "grown_margins",
    "nav_link",
    "no_exception",
    "open_page",
    "wait_for_app",
    "wait_for_charts",
]


# Chart layout checks (phones and narrow windows): the boxes of each chart's texts.
CHART_TEXT_PROBLEMS = """
() => {
  const selectors = ['.gtitle', '.legendtext', '.g-xtitle text', '.g-ytitle text', '.g-x2title text',
                     '.g-y2title text', '.xtick text', '.ytick text', '.x2tick text', '.y2tick text',
                     '.annotation-text'];
  const problems = [];
  const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
  charts.forEach((chart, index) => {
    const frame = chart.querySelector('.main-svg').getBoundingClientRect();
    const texts = [];
    for (const selector of selectors) {
      chart.querySelectorAll(selector).forEach(node => {
        const box = node.getBoundingClientRect();
        if (box.width > 0.5 && box.height > 0.5 && node.textContent.trim())
          texts.push({text: node.textContent.trim().slice(0, 40), kind: selector, box});
      });
    }
    const name = (chart.closest('[class*="st-key-chart-"]') || {className: 'chart ' + index}).className
      .split(' ').filter(c => c.startsWith('st-key-chart-')).join('') || 'chart ' + index;
    for (const t of texts) {
      const b = t.box;
      if (b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1)
        problems.push(`${name}: "${t.text}" (${t.kind}) runs outside the chart`);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].box, b = texts[j].box;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1)
        problems.push(`${name}: "${texts[i].text}" (${texts[i].kind}) overlaps "${texts[j].text}" (${texts[j].kind})`);
    }
  });
  return problems;
}
"""

SIDEWAYS_SCROLL = "() => document.scrollingElement.scrollWidth - window.innerWidth"


def chart_text_problems(page: Page) -> list[str]:
    """Every chart text that overlaps another or runs outside its chart, in words."""
    return page.evaluate(CHART_TEXT_PROBLEMS)


# Margins plotly.js grew past the figure's own (its automargin), which costs a second layout pass per redraw.
GROWN_MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((plot) => {
  const size = plot._fullLayout._size, margin = plot._fullLayout.margin;
  const title = (plot._fullLayout.title.text || '').split('<br>')[0];
  return ['t', 'l', 'b', 'r'].filter((side) => Math.round(size[side]) > margin[side])
    .map((side) => `${title}: margin ${side} ${margin[side]} px grown to ${Math.round(size[side])} px`);
})"""


def grown_margins(page: Page) -> list[str]:
    """Each chart margin that plotly.js had to grow to fit its legend or labels, in words."""
    return page.evaluate(GROWN_MARGINS)
