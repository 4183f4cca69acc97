import type { EChartsOption } from 'echarts';
import { type CSSProperties, useEffect, useRef } from 'react';

/**
 * A small ECharts wrapper: loads echarts on first use (its own chunk), renders `option`, follows the box size.
 * Pages pass a plain option object; nothing else of echarts leaks into them.
 */
export function Chart({ option, style }: { option: EChartsOption; style?: CSSProperties }) {
  const box = useRef<HTMLDivElement>(null);
  // The option to draw once echarts has loaded: data that arrives while its chunk loads must not be lost (the
  // first render's option would otherwise be drawn, and later ones skipped while `chart` was still null).
  const latest = useRef(option);
  latest.current = option;
  const chart = useRef<{
    setOption: (o: EChartsOption, notMerge?: boolean) => void;
    resize: () => void;
    dispose: () => void;
  } | null>(null);

  // The chart is created once; the effect below follows `option`.
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('echarts').then((echarts) => {
      if (disposed || !box.current) return;
      const c = echarts.init(box.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(latest.current, true);
      observer = new ResizeObserver(() => c.resize());
      observer.observe(box.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={box} style={{ width: '100%', height: 280, ...style }} />;
}
