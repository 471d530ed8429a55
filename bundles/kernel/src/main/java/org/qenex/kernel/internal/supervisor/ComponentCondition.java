package org.qenex.kernel.internal.supervisor;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The worst state among a component's configurations, with the detail an operator needs: the
 * activation failure or the references it waits for.
 */
record ComponentCondition(State state, String detail) {

    /** Best to worst. */
    enum State {
        DISABLED, NO_CONFIGURATION, ACTIVE, SATISFIED, UNSATISFIED_CONFIGURATION, UNSATISFIED_REFERENCE, FAILED_ACTIVATION
    }

    static ComponentCondition of(ServiceComponentRuntime scr, ComponentDescriptionDTO description) {
        if (!scr.isComponentEnabled(description)) {
            return new ComponentCondition(State.DISABLED, "disabled");
        }
        ComponentCondition worst = new ComponentCondition(State.NO_CONFIGURATION, "no configuration");
        for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
            ComponentCondition condition = of(description, configuration);
            if (worst.state() == State.NO_CONFIGURATION || condition.state().compareTo(worst.state()) > 0) {
                worst = condition;
            }
        }
        return worst;
    }

    private static ComponentCondition of(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        return switch (configuration.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> new ComponentCondition(State.FAILED_ACTIVATION,
                    "activation failed: " + FailureText.firstLine(configuration.failure));
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> new ComponentCondition(
                    State.UNSATISFIED_REFERENCE, "missing " + missingReferences(description, configuration));
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> new ComponentCondition(
                    State.UNSATISFIED_CONFIGURATION, "waiting for its configuration");
            case ComponentConfigurationDTO.SATISFIED -> new ComponentCondition(State.SATISFIED, "satisfied");
            default -> new ComponentCondition(State.ACTIVE, "active");
        };
    }

    private static String missingReferences(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        List<String> missing = new ArrayList<>();
        UnsatisfiedReferenceDTO[] unsatisfied = configuration.unsatisfiedReferences;
        for (UnsatisfiedReferenceDTO reference : unsatisfied == null ? new UnsatisfiedReferenceDTO[0] : unsatisfied) {
            String text = "reference " + reference.name + " (" + interfaceOf(description, reference.name);
            if (reference.target != null && !reference.target.isEmpty()) {
                text += " " + reference.target;
            }
            missing.add(text + ")");
        }
        return missing.isEmpty() ? "a reference" : String.join(", ", missing);
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String referenceName) {
        for (ReferenceDTO reference : description.references) {
            if (reference.name.equals(referenceName)) {
                return reference.interfaceName;
            }
        }
        return "?";
    }
}
