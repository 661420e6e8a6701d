package com.trafficanalytics;

import java.beans.Introspector;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.runners.direct.DirectRegistrar;
import org.apache.beam.sdk.options.DefaultPipelineOptionsRegistrar;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Keeps the options interfaces that Beam registers at start-up to those a run on the DirectRunner
 * uses.
 *
 * <p>Before it reads the first option, Beam registers the options of every runner and IO on the
 * class path (this jar has 9 registrars, found with {@code ServiceLoader} through the thread's
 * context class loader) and checks each interface against all those registered before it: about
 * 2 s of one core on this project's machines before the job's first line runs
 * (docs/profile.md). A local run needs Beam's own options, the DirectRunner's, and those of any
 * interface that declares an option the command line names; Beam registers any other interface
 * when a step asks for it ({@code options.as(...)}), as it does for interfaces that no registrar
 * lists. A run on any other runner (Dataflow, the Flex Template launcher), or a call for {@code
 * --help}, keeps every registrar.
 */
final class LocalOptionsRegistry {
  static final String SERVICES_FILE =
      "META-INF/services/" + PipelineOptionsRegistrar.class.getName();

  /** Always kept for a local run: Beam's core options and the DirectRunner's. */
  private static final Set<String> ALWAYS =
      Set.of(
          DefaultPipelineOptionsRegistrar.class.getName(), DirectRegistrar.Options.class.getName());

  /**
   * For a local run of {@code args}, has Beam register only the registrars that run needs; does
   * nothing for any other run. Beam reads its registrars once per JVM, so this is for {@code main}
   * (or a test that resets Beam's registry after it).
   */
  static void limitTo(String[] args) {
    if (!isLocal(args)) {
      return;
    }
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    ClassLoader loader = original != null ? original : LocalOptionsRegistry.class.getClassLoader();
    List<String> kept = registrarsFor(args, registrarsListed(loader), loader);
    thread.setContextClassLoader(new ListingOnly(loader, String.join("\n", kept)));
    try {
      PipelineOptionsFactory.resetCache();
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  /**
   * Whether {@code args} run on the DirectRunner: no {@code --runner}, or one that names it as
   * Beam accepts ({@code DirectRunner}, {@code direct}, the class name, any case), and no {@code
   * --help}.
   */
  static boolean isLocal(String[] args) {
    String runner = "direct";
    for (String arg : args) {
      if (arg.equals("--help") || arg.startsWith("--help=")) {
        return false;
      }
      if (arg.startsWith("--runner=")) {
        runner = arg.substring("--runner=".length());
      }
    }
    String name = runner.substring(runner.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return name.equals("direct") || name.equals("directrunner");
  }

  /**
   * Of {@code registrars} (class names), those a local run of {@code args} needs: Beam's core
   * options, the DirectRunner's, and each that declares an option {@code args} names.
   */
  static List<String> registrarsFor(String[] args, List<String> registrars, ClassLoader loader) {
    Set<String> named = new HashSet<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int end = arg.indexOf('=');
        named.add(arg.substring(2, end < 0 ? arg.length() : end));
      }
    }
    List<String> kept = new ArrayList<>();
    for (String registrar : registrars) {
      if (ALWAYS.contains(registrar) || declaresAny(registrar, named, loader)) {
        kept.add(registrar);
      }
    }
    return kept;
  }

  /** Every registrar the services files on {@code loader}'s class path list, in their order. */
  static List<String> registrarsListed(ClassLoader loader) {
    Set<String> names = new LinkedHashSet<>();
    try {
      Enumeration<URL> files = loader.getResources(SERVICES_FILE);
      while (files.hasMoreElements()) {
        try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
          lines
              .lines()
              .map(line -> line.replaceFirst("#.*", "").trim())
              .filter(line -> !line.isEmpty())
              .forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list Beam's options registrars", e);
    }
    return new ArrayList<>(names);
  }

  private static boolean declaresAny(String registrar, Set<String> options, ClassLoader loader) {
    Iterable<Class<? extends PipelineOptions>> interfaces;
    try {
      interfaces =
          ((PipelineOptionsRegistrar)
                  Class.forName(registrar, true, loader).getDeclaredConstructor().newInstance())
              .getPipelineOptions();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      // One that cannot even load is kept, so that Beam reports it as it always would.
      return true;
    }
    for (Class<? extends PipelineOptions> declaring : interfaces) {
      for (Method method : declaring.getMethods()) {
        if (method.getParameterCount() == 0) {
          String name = method.getName();
          int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : -1;
          if (prefix > 0
              && name.length() > prefix
              && options.contains(Introspector.decapitalize(name.substring(prefix)))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A class loader whose services file of options registrars lists {@code registrars} alone. */
  private static final class ListingOnly extends ClassLoader {
    private final URL listing;

    ListingOnly(ClassLoader parent, String registrars) {
      super(parent);
      byte[] text = registrars.getBytes(StandardCharsets.UTF_8);
      try {
        this.listing =
            new URL(
                null,
                "traffic-analytics:" + SERVICES_FILE,
                new URLStreamHandler() {
                  @Override
                  protected URLConnection openConnection(URL url) {
                    return new URLConnection(url) {
                      @Override
                      public void connect() {}

                      @Override
                      public InputStream getInputStream() {
                        return new ByteArrayInputStream(text);
                      }
                    };
                  }
                });
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.equals(SERVICES_FILE)
          ? Collections.enumeration(List.of(listing))
          : super.getResources(name);
    }
  }

  private LocalOptionsRegistry() {}
}
