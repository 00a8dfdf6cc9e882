package io.redline.contracts;

/** Domain of an event, where the sentence makes it clear. */
public enum EventContext {
    MILITARY,
    NUCLEAR,
    CYBER,
    TERRITORY,
    DIPLOMATIC,
    ECONOMIC,
    ARMS_TRANSFER
}
