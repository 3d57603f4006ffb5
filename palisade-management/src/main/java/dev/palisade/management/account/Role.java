package dev.palisade.management.account;

/** The two account roles of the specification ("About account roles"). */
public enum Role {
    ADMINISTRATOR,
    USER
}
