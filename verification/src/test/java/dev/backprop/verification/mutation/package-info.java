/**
 * Behaviours of reference and optimized that mutation testing (the {@code mutation} profile, PIT) found no
 * other test pinning down: each test states a property a user relies on, through the public API only, with its
 * expected value derived by hand in its javadoc, never read off the code under test. Every test here killed at
 * least one mutant that survived the rest of the suite; the README lists the mutants that no input can kill.
 */
package dev.backprop.verification.mutation;
