package com.trafficanalytics.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands a document or a build script asks a reader to run, read as a POSIX shell reads
 * them, and the patterns in them that a shell would expand itself.
 *
 * <p>zsh, macOS's default shell, expands an unquoted {@code *}, {@code ?}, {@code [...]} or {@code
 * {a,b}} and stops with "no matches found" when no local file matches; bash passes such a word on
 * only while nothing matches. A {@code gs://} pattern must therefore reach gcloud quoted.
 */
final class ShellCommands {

  private static final Pattern BASH_BLOCK =
      Pattern.compile("(?ms)^[ \\t]*```bash[ \\t]*\\n(.*?)^[ \\t]*```");

  private static final Pattern ASSIGNMENT = Pattern.compile("^(export\\s+)?[A-Za-z_]\\w*=\\S*");

  private ShellCommands() {}

  /** The contents of every {@code ```bash} block of a Markdown file, in order. */
  static List<String> bashBlocks(Path markdown) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = BASH_BLOCK.matcher(Files.readString(markdown, StandardCharsets.UTF_8));
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  /** A here-document: {@code cat > FILE <<WORD}, its lines, then {@code WORD} alone on a line. */
  private static final Pattern HEREDOC =
      Pattern.compile(
          "(?m)^[ \\t]*cat > (\\S+) <<'?(\\w+)'?[ \\t]*\\n(.*?\\n)^\\2[ \\t]*$", Pattern.DOTALL);

  /**
   * The commands of a script: continuation lines joined, blank and comment lines left out. A
   * here-document's lines are data, not commands: only its {@code cat > FILE <<WORD} line stays.
   */
  static List<String> commands(String script) {
    String withoutData = HEREDOC.matcher(script).replaceAll("cat > $1 <<$2");
    List<String> commands = new ArrayList<>();
    for (String line : withoutData.replaceAll("\\\\\\r?\\n[ \\t]*", " ").split("\\r?\\n")) {
      String command = line.trim();
      if (!command.isEmpty() && !command.startsWith("#")) {
        commands.add(command);
      }
    }
    return commands;
  }

  /**
   * The files that the here-documents of a Markdown file's {@code ```bash} blocks write ({@code cat
   * > FILE <<EOF}), by file name, with their text as written (variables not expanded).
   */
  static Map<String, String> hereDocuments(Path markdown) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String block : bashBlocks(markdown)) {
      Matcher matcher = HEREDOC.matcher(block);
      while (matcher.find()) {
        files.put(matcher.group(1), matcher.group(3));
      }
    }
    return files;
  }

  /** The commands of every {@code ```bash} block of a Markdown file. */
  static List<String> commandsIn(Path markdown) throws IOException {
    List<String> commands = new ArrayList<>();
    for (String block : bashBlocks(markdown)) {
      commands.addAll(commands(block));
    }
    return commands;
  }

  /** Whether a command only sets a variable: {@code export NAME=value} or {@code NAME=value}. */
  static boolean isAssignment(String command) {
    return ASSIGNMENT.matcher(command).lookingAt() && !command.contains(" && ");
  }

  private enum Context {
    PLAIN,
    SINGLE_QUOTED,
    DOUBLE_QUOTED,
    COMMAND_SUBSTITUTION,
    PARAMETER
  }

  /**
   * The words of a command that hold an unquoted pattern a shell would expand: {@code *}, {@code
   * ?}, a bracket expression {@code [...]} or a brace list {@code {a,b}} outside quotes. Patterns
   * inside {@code ${...}} (parameter expansion such as {@code ${path%%/*}}) are the shell's own
   * syntax, not file names, and a lone {@code [} (the test command) matches nothing.
   */
  static List<String> unquotedPatterns(String command) {
    List<String> found = new ArrayList<>();
    Deque<Context> contexts = new ArrayDeque<>();
    contexts.push(Context.PLAIN);
    StringBuilder word = new StringBuilder();
    StringBuilder unquoted = new StringBuilder();
    int braceDepth = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      char next = i + 1 < command.length() ? command.charAt(i + 1) : '\0';
      Context context = contexts.peek();
      boolean unquotedContext =
          context == Context.PLAIN || context == Context.COMMAND_SUBSTITUTION;
      if (unquotedContext && Character.isWhitespace(c)) {
        flush(word, unquoted, found);
        continue;
      }
      word.append(c);
      switch (context) {
        case SINGLE_QUOTED:
          if (c == '\'') {
            contexts.pop();
          }
          continue;
        case PARAMETER:
          if (c == '{') {
            braceDepth++;
          } else if (c == '}' && --braceDepth == 0) {
            contexts.pop();
          }
          continue;
        case DOUBLE_QUOTED:
          if (c == '\\') {
            word.append(next);
            i++;
          } else if (c == '"') {
            contexts.pop();
          } else if (c == '$' && next == '(') {
            word.append(next);
            i++;
            contexts.push(Context.COMMAND_SUBSTITUTION);
          } else if (c == '$' && next == '{') {
            word.append(next);
            i++;
            braceDepth = 1;
            contexts.push(Context.PARAMETER);
          }
          continue;
        default:
          // PLAIN or COMMAND_SUBSTITUTION: quoting starts here, patterns count here.
          if (c == '\\') {
            word.append(next);
            i++;
          } else if (c == '\'') {
            contexts.push(Context.SINGLE_QUOTED);
          } else if (c == '"') {
            contexts.push(Context.DOUBLE_QUOTED);
          } else if (c == '$' && next == '(') {
            word.append(next);
            i++;
            contexts.push(Context.COMMAND_SUBSTITUTION);
          } else if (c == '$' && next == '{') {
            word.append(next);
            i++;
            braceDepth = 1;
            contexts.push(Context.PARAMETER);
          } else if (c == ')' && context == Context.COMMAND_SUBSTITUTION) {
            contexts.pop();
          } else if (c == '#' && word.length() == 1) {
            return found; // a comment runs to the end of the line
          } else {
            unquoted.append(c);
          }
      }
    }
    flush(word, unquoted, found);
    return found;
  }

  private static final Pattern BRACKET_EXPRESSION = Pattern.compile("\\[[^\\]]+]");
  private static final Pattern BRACE_LIST = Pattern.compile("\\{[^{}]*,[^{}]*}");

  /** Records the word if its unquoted characters form a pattern, then starts the next word. */
  private static void flush(StringBuilder word, StringBuilder unquoted, List<String> found) {
    String plain = unquoted.toString();
    if (plain.indexOf('*') >= 0
        || plain.indexOf('?') >= 0
        || BRACKET_EXPRESSION.matcher(plain).find()
        || BRACE_LIST.matcher(plain).find()) {
      found.add(word.toString());
    }
    word.setLength(0);
    unquoted.setLength(0);
  }
}
