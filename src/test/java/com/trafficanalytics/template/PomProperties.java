package com.trafficanalytics.template;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The {@code <properties>} of pom.xml, read as written (unresolved), for the unit tests that hold
 * other files to the pom without a Maven run to pass the values in.
 */
final class PomProperties {

  private PomProperties() {}

  /** Each property's name and its text. */
  static Map<String, String> read() {
    try {
      Element project =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(Path.of("pom.xml").toFile())
              .getDocumentElement();
      Map<String, String> properties = new TreeMap<>();
      NodeList children = project.getElementsByTagName("properties").item(0).getChildNodes();
      for (int i = 0; i < children.getLength(); i++) {
        Node node = children.item(i);
        if (node.getNodeType() == Node.ELEMENT_NODE) {
          properties.put(node.getNodeName(), node.getTextContent().trim());
        }
      }
      return properties;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the properties of pom.xml", e);
    }
  }
}
