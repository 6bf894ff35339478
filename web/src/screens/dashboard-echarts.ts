import { BarChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * ECharts with only what the dashboard draws (bars, lines, the Sankey) and the SVG renderer. Imported lazily by
 * `dashboard-chart.tsx`, so the chart library is its own chunk and other pages never load it.
 */
echarts.use([BarChart, LineChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
