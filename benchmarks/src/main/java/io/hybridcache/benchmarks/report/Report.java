package io.hybridcache.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Reads JMH result files ({@code -rf json}) and writes what {@code docs/benchmarks.md} shows: a Markdown table of
 * every result ({@code table}), or the PNG chart of the L1-hit comparison ({@code chart}), drawn with java.awt
 * (headless). Usage, from the repository root:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.report.Report table results/*.json
 * java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar io.hybridcache.benchmarks.report.Report \
 *     chart docs/benchmarks-l1-hit.png results/l1-hit-t1.json results/l1-hit-t2.json
 * </pre>
 */
public final class Report {
  private Report() {}

  /** One result line of a JMH file. */
  record Result(String benchmark, String method, Map<String, String> params, int threads, String mode, double score,
      double error, String unit, Map<String, Double> percentiles, Map<String, Double> secondary) {

    String paramText() {
      StringBuilder b = new StringBuilder();
      params.forEach((k, v) -> {
        if (!k.equals("redis")) {
          b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v);
        }
      });
      return b.toString();
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Report table <result.json>... | Report chart <out.png> <result.json>...");
      System.exit(2);
    }
    if (args[0].equals("table")) {
      List<Result> results = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        results.addAll(read(Path.of(args[i])));
      }
      System.out.print(table(results));
    } else if (args[0].equals("chart")) {
      List<Result> results = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        results.addAll(read(Path.of(args[i])));
      }
      chart(results, new File(args[1]));
    } else {
      System.err.println("unknown command " + args[0]);
      System.exit(2);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Result> read(Path file) throws IOException {
    List<Result> results = new ArrayList<>();
    for (Object o : (List<Object>) Json.parse(Files.readString(file))) {
      Map<String, Object> r = (Map<String, Object>) o;
      String benchmark = (String) r.get("benchmark");
      String method = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new LinkedHashMap<>();
      if (r.get("params") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
      }
      Map<String, Object> primary = (Map<String, Object>) r.get("primaryMetric");
      Map<String, Double> percentiles = new LinkedHashMap<>();
      if (primary.get("scorePercentiles") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> percentiles.put((String) k, number(v)));
      }
      Map<String, Double> secondary = new LinkedHashMap<>();
      if (r.get("secondaryMetrics") instanceof Map<?, ?> s) {
        s.forEach((k, v) -> secondary.put((String) k, number(((Map<String, Object>) v).get("score"))));
      }
      results.add(new Result(benchmark, method, params, number(r.get("threads")).intValue(), (String) r.get("mode"),
          number(primary.get("score")), number(primary.get("scoreError")), (String) primary.get("scoreUnit"),
          percentiles, secondary));
    }
    return results;
  }

  private static Double number(Object o) {
    if (o instanceof Double d) {
      return d;
    }
    return Double.NaN; // JMH writes "NaN" for an error it could not compute
  }

  static String table(List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("| benchmark | params | threads | mode | score | error | unit | p50 | p99 | p99.9 | counters |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      StringBuilder counters = new StringBuilder();
      r.secondary().forEach((k, v) -> {
        if (!k.startsWith("\u00b7")) { // JMH's own sample-mode percentiles are listed already
          counters.append(counters.length() == 0 ? "" : ", ").append(k).append('=').append(fmt(v));
        }
      });
      boolean sample = r.mode().equals("sample");
      b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.method(),
          r.paramText(), r.threads(), r.mode(), fmt(r.score()), fmt(r.error()), r.unit(),
          sample ? fmt(r.percentiles().get("50.0")) : "", sample ? fmt(r.percentiles().get("99.0")) : "",
          sample ? fmt(r.percentiles().get("99.9")) : "", counters));
    }
    return b.toString();
  }

  private static String fmt(Double v) {
    if (v == null || v.isNaN()) {
      return "";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** Horizontal bars, one group per benchmark method, one bar per thread count, on a logarithmic axis. */
  static void chart(List<Result> all, File out) throws IOException {
    List<Result> results = all.stream().filter(r -> r.benchmark().contains("L1HitBenchmark")).toList();
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no L1HitBenchmark results in the files given");
    }
    List<String> methods = new ArrayList<>();
    results.stream().sorted((x, y) -> Double.compare(y.score(), x.score())).map(Result::method)
        .forEach(m -> {
          if (!methods.contains(m)) {
            methods.add(m);
          }
        });
    TreeSet<Integer> threads = new TreeSet<>();
    results.forEach(r -> threads.add(r.threads()));
    double max = results.stream().mapToDouble(Result::score).max().orElse(1);
    double min = results.stream().mapToDouble(Result::score).filter(s -> s > 0).min().orElse(max / 10);
    double lo = Math.floor(Math.log10(min));
    double hi = Math.ceil(Math.log10(max));
    if (hi <= lo) {
      hi = lo + 1;
    }

    int barHeight = 16;
    int groupGap = 12;
    int left = 290;
    int right = 130;
    int top = 70;
    int plotWidth = 640;
    int groupHeight = threads.size() * barHeight + groupGap;
    int height = top + methods.size() * groupHeight + 64;
    int width = left + plotWidth + right;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("L1 hit throughput: HybridCache and its peers (ops/\u00b5s, log scale, higher is better)", 20, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("JMH L1HitBenchmark, one run per thread count; 2-core machine: read the ratios, not the "
        + "absolute figures", 20, 48);

    Color[] colours = {new Color(0x3366cc), new Color(0xff9933), new Color(0x33aa55), new Color(0xaa3377)};
    for (double d = lo; d <= hi; d++) {
      int x = left + (int) ((d - lo) / (hi - lo) * plotWidth);
      g.setColor(new Color(0xdddddd));
      g.setStroke(new BasicStroke(1));
      g.drawLine(x, top - 5, x, top + methods.size() * groupHeight);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, d >= 0 ? "%.0f" : "%." + (int) -d + "f", Math.pow(10, d));
      g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + methods.size() * groupHeight + 16);
    }
    int y = top;
    for (String method : methods) {
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, method.startsWith("hybrid") ? Font.BOLD : Font.PLAIN, 12));
      String name = method.substring(method.indexOf('.') + 1);
      g.drawString(name, left - 8 - g.getFontMetrics().stringWidth(name), y + threads.size() * barHeight / 2 + 5);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      int i = 0;
      for (int t : threads) {
        for (Result r : results) {
          if (r.method().equals(method) && r.threads() == t && r.score() > 0) {
            double pos = (Math.log10(r.score()) - lo) / (hi - lo);
            int w = Math.max(1, (int) (pos * plotWidth));
            g.setColor(colours[i % colours.length]);
            g.fillRect(left, y + i * barHeight, w, barHeight - 3);
            g.setColor(Color.BLACK);
            g.drawString(fmt(r.score()), left + w + 4, y + i * barHeight + barHeight - 5);
          }
        }
        i++;
      }
      y += groupHeight;
    }
    int lx = 20;
    int ly = top + methods.size() * groupHeight + 36;
    int i = 0;
    for (int t : threads) {
      g.setColor(colours[i % colours.length]);
      g.fillRect(lx + i * 110, ly, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(t + (t == 1 ? " thread" : " threads"), lx + i * 110 + 16, ly + 11);
      i++;
    }
    g.dispose();
    ImageIO.write(image, "png", out);
    System.out.println("wrote " + out);
  }
}
