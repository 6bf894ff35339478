import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** An ECharts option, kept loose here: each chart builds its own, and ECharts checks it at run time. */
export type ChartOption = Record<string, unknown>;

type EchartsModule = typeof import('./dashboard-echarts.ts');
let loading: Promise<EchartsModule> | undefined;
const loadEcharts = () => {
  loading ??= import('./dashboard-echarts.ts');
  return loading;
};

/**
 * One chart, drawn by ECharts (loaded on first use) as SVG. The chart is an image to assistive technology: its
 * label says what it shows, and `describedBy` names the table beside it that carries the same figures as text.
 */
export function Chart({
  option,
  label,
  describedBy,
  height = 280,
  testId,
}: {
  option: ChartOption;
  label: string;
  describedBy: string;
  height?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let chart:
      | { setOption(option: ChartOption, notMerge?: boolean): void; resize(): void; dispose(): void }
      | undefined;
    let observer: ResizeObserver | undefined;
    loadEcharts().then(
      ({ echarts }) => {
        if (disposed || !container.current) return;
        chart =
          echarts.getInstanceByDom(container.current) ??
          echarts.init(container.current, undefined, { renderer: 'svg' });
        chart.setOption({ animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
        observer = new ResizeObserver(() => chart?.resize());
        observer.observe(container.current);
      },
      () => setFailed(true),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [option]);

  if (failed) return <p className="empty">{t('dashboard.chartFailed')}</p>;
  return (
    <div
      ref={container}
      className="dashboard-chart"
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      data-testid={testId}
      style={{ height }}
    />
  );
}
