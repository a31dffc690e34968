package dev.venv.forwarding;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes the forwarding base each {@code @Forwarding} annotation asks for. Runs inside javac at
 * the driver's compile (the generated sources go to {@code target/generated-sources/annotations},
 * never into the repository).
 */
@SupportedAnnotationTypes(ForwardingProcessor.ANNOTATION)
public final class ForwardingProcessor extends AbstractProcessor {
  /** Named, not imported: the processor is compiled before the sources that declare it. */
  static final String ANNOTATION = "dev.venv.forwarding.Forwarding";

  /**
   * JDBC objects a wrapper must wrap: a base that forwarded them would hand out the backend's, and
   * each leads back to the backend's connection ({@code Array.getResultSet().getStatement()}).
   */
  private static final Set<String> WRAPPED_TYPES = Set.of("java.sql.Connection", "java.sql.Statement",
      "java.sql.PreparedStatement", "java.sql.CallableStatement", "java.sql.ResultSet",
      "java.sql.DatabaseMetaData", "java.sql.ResultSetMetaData", "java.sql.Array");

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement forwarding = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (forwarding == null) {
      return false;
    }
    for (Element element : round.getElementsAnnotatedWith(forwarding)) {
      try {
        write((TypeElement) element);
      } catch (IOException | RuntimeException e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            "cannot write the forwarding base of " + element + ": " + e, element);
      }
    }
    return true;
  }

  private void write(TypeElement wrapper) throws IOException {
    AnnotationMirror annotation = wrapper.getAnnotationMirrors().stream()
        .filter(a -> a.getAnnotationType().toString().equals(ANNOTATION)).findFirst().orElseThrow();
    TypeElement iface = typeOf(value(annotation, "value"));
    TypeMirror extendingValue = value(annotation, "extending");
    TypeElement parent = extendingValue == null ? null : typeOf(extendingValue);
    if (parent != null && parent.getQualifiedName().contentEquals("java.lang.Object")) {
      parent = null;
    }
    Set<String> wrapped = new HashSet<>();
    Object names = valueOf(annotation, "wrapped");
    if (names instanceof List<?> list) {
      for (Object name : list) {
        wrapped.add((String) ((AnnotationValue) name).getValue());
      }
    }

    String pkg = ((PackageElement) wrapper.getEnclosingElement()).getQualifiedName().toString();
    String simple = "Forwarding" + iface.getSimpleName();
    String ifaceName = iface.getQualifiedName().toString();
    String target = parent == null ? "delegate" : "((" + ifaceName + ") delegate)";

    StringBuilder out = new StringBuilder();
    out.append("package ").append(pkg).append(";\n\n");
    out.append("/** Forwards {@link ").append(ifaceName).append("} to {@code delegate}; written by ")
        .append(ForwardingProcessor.class.getSimpleName()).append(" for {@link ").append(wrapper.getSimpleName())
        .append("}. */\n");
    out.append("@javax.annotation.processing.Generated(\"").append(ForwardingProcessor.class.getName()).append("\")\n");
    out.append("@SuppressWarnings(\"deprecation\")\n");
    out.append("abstract class ").append(simple)
        .append(parent == null ? "" : " extends " + parent.getQualifiedName())
        .append(" implements ").append(ifaceName).append(" {\n");
    if (parent == null) {
      // Not final: a statement the backend closed over a failed execute is replaced (DuckDB).
      out.append("  ").append(ifaceName).append(" delegate;\n\n");
      out.append("  ").append(simple).append("(").append(ifaceName).append(" delegate) {\n")
          .append("    this.delegate = delegate;\n  }\n");
    } else {
      for (ExecutableElement constructor : ElementFilter.constructorsIn(parent.getEnclosedElements())) {
        if (constructor.getModifiers().contains(Modifier.PRIVATE)) {
          continue;
        }
        List<String> args = new ArrayList<>();
        out.append("\n  ").append(simple).append("(").append(parameters(constructor, args)).append(")")
            .append(throwsClause(constructor)).append(" {\n    super(").append(String.join(", ", args))
            .append(");\n  }\n");
      }
    }

    for (ExecutableElement method : forwarded(iface, parent != null)) {
      String name = method.getSimpleName().toString();
      List<String> args = new ArrayList<>();
      String signature = typeParameters(method) + method.getReturnType() + " " + name + "("
          + parameters(method, args) + ")" + throwsClause(method);
      out.append("\n  @Override\n");
      if (isDeprecated(method)) {
        out.append("  @Deprecated\n");
      }
      if (wrapped.contains(name) || WRAPPED_TYPES.contains(erasure(method.getReturnType()))) {
        out.append("  public abstract ").append(signature).append(";\n");
        continue;
      }
      String call;
      if (name.equals("unwrap") || name.equals("isWrapperFor")) {
        call = "Wrappers." + name + "(this, delegate, " + args.get(0) + ")";
      } else {
        call = target + "." + name + "(" + String.join(", ", args) + ")";
      }
      String statement = (method.getReturnType().getKind() == TypeKind.VOID ? "" : "return ") + call + ";";
      out.append("  public ").append(signature).append(" {\n");
      if (throwsSqlException(method) && !call.startsWith("Wrappers.")) {
        out.append("    try {\n      ").append(statement).append("\n    } catch (java.sql.SQLException e) {\n")
            .append("      throw SqlStates.ensure(e);\n    }\n");
      } else {
        out.append("    ").append(statement).append("\n");
      }
      out.append("  }\n");
    }
    out.append("}\n");

    try (Writer file = processingEnv.getFiler().createSourceFile(pkg + "." + simple, wrapper).openWriter()) {
      file.write(out.toString());
    }
  }

  /**
   * The interface's instance methods: all of them, or, under a parent wrapper, only the ones it
   * adds to its super-interfaces (the parent forwards those).
   */
  private List<ExecutableElement> forwarded(TypeElement iface, boolean onlyAdded) {
    List<ExecutableElement> methods = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ExecutableElement method : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(iface))) {
      Element owner = method.getEnclosingElement();
      if (method.getModifiers().contains(Modifier.STATIC) || owner.getKind() != ElementKind.INTERFACE) {
        continue; // Object's methods, and static helpers of the interface
      }
      if (onlyAdded && (!owner.equals(iface) || overridesSuperInterface(iface, method))) {
        continue;
      }
      if (seen.add(method.getSimpleName() + erasedParameters(method))) {
        methods.add(method);
      }
    }
    return methods;
  }

  private boolean overridesSuperInterface(TypeElement iface, ExecutableElement method) {
    for (TypeMirror superInterface : iface.getInterfaces()) {
      TypeElement sup = typeOf(superInterface);
      for (ExecutableElement other : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(sup))) {
        if (other.getSimpleName().equals(method.getSimpleName())
            && erasedParameters(other).equals(erasedParameters(method))) {
          return true;
        }
      }
    }
    return false;
  }

  private String erasedParameters(ExecutableElement method) {
    return method.getParameters().stream().map(p -> erasure(p.asType())).collect(Collectors.joining(",", "(", ")"));
  }

  private String erasure(TypeMirror type) {
    return processingEnv.getTypeUtils().erasure(type).toString();
  }

  private static String typeParameters(ExecutableElement method) {
    if (method.getTypeParameters().isEmpty()) {
      return "";
    }
    List<String> params = new ArrayList<>();
    for (TypeParameterElement p : method.getTypeParameters()) {
      List<String> bounds = p.getBounds().stream().map(TypeMirror::toString)
          .filter(b -> !b.equals("java.lang.Object")).collect(Collectors.toList());
      params.add(p.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
    }
    return "<" + String.join(", ", params) + "> ";
  }

  /** The parameter list as declared; {@code args} receives their names, {@code a0, a1, …}. */
  private static String parameters(ExecutableElement method, List<String> args) {
    List<String> declared = new ArrayList<>();
    List<? extends VariableElement> params = method.getParameters();
    for (int i = 0; i < params.size(); i++) {
      String type = params.get(i).asType().toString();
      if (method.isVarArgs() && i == params.size() - 1) {
        type = type.substring(0, type.length() - 2) + "...";
      }
      String name = "a" + i;
      declared.add(type + " " + name);
      args.add(name);
    }
    return String.join(", ", declared);
  }

  private static String throwsClause(ExecutableElement method) {
    return method.getThrownTypes().isEmpty() ? ""
        : " throws " + method.getThrownTypes().stream().map(TypeMirror::toString).collect(Collectors.joining(", "));
  }

  private static boolean throwsSqlException(ExecutableElement method) {
    return method.getThrownTypes().stream().anyMatch(t -> t.toString().equals("java.sql.SQLException"));
  }

  private boolean isDeprecated(ExecutableElement method) {
    return processingEnv.getElementUtils().isDeprecated(method);
  }

  private static TypeElement typeOf(TypeMirror type) {
    return (TypeElement) ((DeclaredType) type).asElement();
  }

  private static TypeMirror value(AnnotationMirror annotation, String name) {
    Object value = valueOf(annotation, name);
    return value == null ? null : (TypeMirror) value;
  }

  /** An attribute's value as written; {@code null} where the default applies. */
  private static Object valueOf(AnnotationMirror annotation, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue().getValue();
      }
    }
    return null;
  }
}
