package org.qenex.kernel.internal.status;

/** Everything the operator views show about the node, gathered in one place. */
public interface NodeStatus {

    StatusReport report();
}
