package dev.backprop.verification.proof;

import dev.backprop.spec.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * The notes' proofs of Propositions 1 and 2, every line as printed, as {@link Derivation}s — and the statements
 * they prove, in index form by the notation items they cite. Each step is one expression of the printed chain;
 * a step "∂(…)/∂w_jk" is exact forward-mode AD of the expression in the parentheses, so the first step of each
 * chain is the truth (the derivative itself) and every later "=" is checked against the one before.
 *
 * <h2>Readings (where the notes are loose; each stated here, none changes a printed line)</h2>
 * <ul>
 * <li>Indices count from 0. w_jk is W's entry in row j, column k. Tensor entries follow item 4,
 *     (∂y/∂X)_ijk = ∂y_i/∂x_kj, and item 7, (Y⊗x)_ijk = x_j y_ki; matrix layouts item 1 (∂y/∂x)_ij = ∂y_i/∂x_j
 *     and item 3 (∂y/∂X)_ij = ∂y/∂x_ji. A matrix statement "A = B" is checked entry by entry with these.</li>
 * <li>r is the residual ŷ − y with a random target y (the notes write r := ŷ, the target 0; every line of
 *     Prop 2 holds unchanged, and a random y checks that).</li>
 * <li>The network is z = W̃⁽¹⁾x̃ (= W⁽¹⁾x + b₁), s = σ(z), ŷ = W̃⁽²⁾s̃ (= W⁽²⁾s + b₂), ℓ = ½‖r‖², checked under
 *     every activation; W⁽¹⁾, b₁ are the blocks of W̃⁽¹⁾ = [W⁽¹⁾ | b₁], so ∂/∂W⁽¹⁾ and ∂/∂W̃⁽¹⁾ both follow the
 *     network.</li>
 * </ul>
 *
 * <h2>Errata</h2>
 * Every proof line of Props 1 and 2 holds as printed. The one line here that does not is the convention the
 * diagrams state, rᵀ(I_m⊗x) = xᵀr: read in index form its right side is a 1×1 matrix and its left side p×m,
 * so it is ill-formed on any instance with p or m above 1; it is kept as printed, with the correction
 * rᵀ(I_m⊗x) = x rᵀ (item 7).
 */
public final class SeedProofs {
    private static final String P1 = "Prop 1, proof";
    private static final String P2 = "Prop 2, proof";

    private SeedProofs() {
    }

    /** Every line: Prop 1's proof and statement, Prop 2's proof and statement, the diagrams' convention. */
    public static List<ProofLine> all() {
        List<ProofLine> out = new ArrayList<>(propositionOne());
        out.addAll(propositionTwo());
        out.add(diagramConvention());
        return out;
    }

    /** Checks every line with {@code check}. */
    public static List<ProofLineResult> checkAll(ProofCheck check) {
        List<ProofLineResult> out = new ArrayList<>();
        for (ProofLine line : all()) {
            out.add(line.check(check));
        }
        return out;
    }

    // ---- Proposition 1: z = Wx + b, x ∈ R^d, W ∈ R^{h×d} ---------------------------------------------------

    /** z = Wx + b with (Wx)_a = Σ_l W_al x_l, and w_a the a-th row of W. */
    private static Derivation.Builder layer(String indices, String title) {
        return Derivation.over(indices).titled(title)
                .input("x", "d").input("W", "h", "d").input("b", "h")
                .define("Wx", "a:h", p -> p.sum("l", "d", q -> q.at("W", "a", "l").times(q.at("x", "l"))))
                .define("z", "a:h", p -> p.at("Wx", "a").plus(p.at("b", "a")));
    }

    /** Σ_l w_il x_l (+ b_i): the row i of W times x, written out. */
    private static Term rowTimesX(Scope p) {
        return p.sum("l", "d", q -> q.at("W", "i", "l").times(q.at("x", "l")));
    }

    static List<ProofLine> propositionOne() {
        List<ProofLine> out = new ArrayList<>();
        out.add(ProofLine.of("P1.proof.z", P1, layer("i:h", "z_i = (Wx + b)_i = (Wx)_i + b_i = w_iᵀx + b_i")
                .step("z_i", p -> p.at("z", "i"))
                .step("(Wx + b)_i", p -> rowTimesX(p).plus(p.at("b", "i")))
                .step("(Wx)_i + b_i", p -> p.at("Wx", "i").plus(p.at("b", "i")))
                .step("w_iᵀx + b_i", p -> rowTimesX(p).plus(p.at("b", "i")))
                .build()));
        out.add(ProofLine.of("P1.proof.W", P1, layer("i:h, j:h, k:d",
                "∂z_i/∂w_jk = ∂(w_iᵀx + b_i)/∂w_jk = ∂(Σ_l w_il x_l)/∂w_jk = Σ_l (∂w_il/∂w_jk) x_l = Σ_l δ_ij δ_lk x_l"
                        + " = δ_ij x_k")
                .step("∂z_i/∂w_jk", p -> p.partial("z", "i").wrt("W", "j", "k"))
                .step("∂(w_iᵀx + b_i)/∂w_jk",
                        p -> p.derivative("W", "j", "k").of(q -> rowTimesX(q).plus(q.at("b", "i"))))
                .differentiate("∂(Σ_l w_il x_l)/∂w_jk", "W", "j, k", SeedProofs::rowTimesX)
                .step("Σ_l (∂w_il/∂w_jk) x_l",
                        p -> p.sum("l", "d", q -> q.partial("W", "i", "l").wrt("W", "j", "k").times(q.at("x", "l"))))
                .step("Σ_l δ_ij δ_lk x_l",
                        p -> p.sum("l", "d", q -> q.delta("i", "j").times(q.delta("l", "k")).times(q.at("x", "l"))))
                .step("δ_ij x_k", p -> p.delta("i", "j").times(p.at("x", "k")))
                .build()));
        out.add(ProofLine.of("P1.proof.b", P1, layer("i:h, j:h", "∂z_i/∂b_j = ∂(w_iᵀx + b_i)/∂b_j = ∂b_i/∂b_j = δ_ij")
                .step("∂z_i/∂b_j", p -> p.partial("z", "i").wrt("b", "j"))
                .step("∂(w_iᵀx + b_i)/∂b_j", p -> p.derivative("b", "j").of(q -> rowTimesX(q).plus(q.at("b", "i"))))
                .step("∂b_i/∂b_j", p -> p.partial("b", "i").wrt("b", "j"))
                .step("δ_ij", p -> p.delta("i", "j"))
                .build()));
        out.add(ProofLine.of("P1.W", "Prop 1", layer("i:h, j:d, k:h", "∂z/∂W = I_h⊗x ∈ R^{h×d×h}")
                .step("(∂z/∂W)_ijk = ∂z_i/∂w_kj (item 4)", p -> p.partial("z", "i").wrt("W", "k", "j"))
                .step("(I_h⊗x)_ijk = x_j (I_h)_ki (item 7)", p -> p.at("x", "j").times(p.delta("k", "i")))
                .build()));
        out.add(ProofLine.of("P1.b", "Prop 1", layer("i:h, j:h", "∂z/∂b = I_h")
                .step("(∂z/∂b)_ij = ∂z_i/∂b_j (item 1)", p -> p.partial("z", "i").wrt("b", "j"))
                .step("(I_h)_ij = δ_ij", p -> p.delta("i", "j"))
                .build()));
        return out;
    }

    // ---- Proposition 2: the shallow network ----------------------------------------------------------------

    /**
     * The shallow network of Prop 2 for one sample, every quantity the proof names: x̃, W̃⁽¹⁾ = [W⁽¹⁾ | b₁],
     * z = W̃⁽¹⁾x̃, s = σ(z), σ'(z), s̃, W̃⁽²⁾ = [W⁽²⁾ | b₂], ŷ = W̃⁽²⁾s̃, r = ŷ − y, ℓ = ½ Σ_a r_a², and rᵀ as the
     * 1×n matrix item 1a makes of ∂ℓ/∂r.
     */
    static Derivation.Builder network(String indices, String title) {
        return Derivation.over(indices).titled(title)
                .input("x", "d").input("y", "n").input("W1", "h", "d").input("b1", "h").input("W2", "n", "h")
                .input("b2", "n")
                .activations(Activation.values())
                .define("x̃", "c:d+1", p -> p.index("c") < p.size("d") ? p.at("x", "c") : p.constant(1))
                .define("W̃1", "a:h, c:d+1",
                        p -> p.index("c") < p.size("d") ? p.at("W1", "a", "c") : p.at("b1", "a"))
                .define("z", "a:h", p -> p.sum("c", "d+1", q -> q.at("W̃1", "a", "c").times(q.at("x̃", "c"))))
                .define("s", "a:h", p -> p.sigma(p.at("z", "a")))
                .define("σ'(z)", "a:h", p -> p.sigmaPrime(p.at("z", "a")))
                .define("s̃", "c:h+1", p -> p.index("c") < p.size("h") ? p.at("s", "c") : p.constant(1))
                .define("W̃2", "a:n, c:h+1",
                        p -> p.index("c") < p.size("h") ? p.at("W2", "a", "c") : p.at("b2", "a"))
                .define("ŷ", "a:n", p -> p.sum("c", "h+1", q -> q.at("W̃2", "a", "c").times(q.at("s̃", "c"))))
                .define("r", "a:n", p -> p.at("ŷ", "a").minus(p.at("y", "a")))
                .define("ℓ", "", p -> p.sum("a", "n", q -> q.at("r", "a").squared()).times(0.5))
                .define("rᵀ", "e:1, a:n", p -> p.at("r", "a"));
    }

    /** (rᵀ W⁽²⁾)_b = Σ_a r_a W⁽²⁾_ab, with b bound. */
    private static Term rTimesW2(Scope p) {
        return p.sum("a", "n", q -> q.at("r", "a").times(q.at("W2", "a", "b")));
    }

    /** (rᵀ W⁽²⁾ diag(σ'(z)))_k = Σ_b Σ_a r_a W⁽²⁾_ab σ'(z_b) δ_bk: the backward row every W1 formula ends with. */
    private static Term backwardRow(Scope p) {
        return p.sum("b", "h", q -> rTimesW2(q).times(q.at("σ'(z)", "b")).times(q.delta("b", "k")));
    }

    static List<ProofLine> propositionTwo() {
        List<ProofLine> out = new ArrayList<>();
        out.add(ProofLine.of("P2.proof.dl_dr", P2, network("i:n",
                "∂ℓ/∂r_i = ∂(½ Σ_j r_j²)/∂r_i = ½ Σ_j ∂(r_j²)/∂r_i = ½ Σ_j 2 r_j ∂r_j/∂r_i = Σ_j r_j δ_ij = r_i")
                .step("∂ℓ/∂r_i", p -> p.partial("ℓ").wrt("r", "i"))
                .step("∂(½ Σ_j r_j²)/∂r_i",
                        p -> p.derivative("r", "i").of(q -> q.sum("j", "n", u -> u.at("r", "j").squared()).times(0.5)))
                .step("½ Σ_j ∂(r_j²)/∂r_i", p -> p.sum("j", "n",
                        q -> q.derivative("r", "i").of(u -> u.at("r", "j").squared())).times(0.5))
                .step("½ Σ_j 2 r_j ∂r_j/∂r_i", p -> p.sum("j", "n",
                        q -> q.at("r", "j").times(2.0).times(q.partial("r", "j").wrt("r", "i"))).times(0.5))
                .step("Σ_j r_j δ_ij", p -> p.sum("j", "n", q -> q.at("r", "j").times(q.delta("i", "j"))))
                .step("r_i", p -> p.at("r", "i"))
                .build()));
        out.add(ProofLine.of("P2.proof.dl_dr.row", P2, network("e:1, i:n", "⇒ ∂ℓ/∂r = rᵀ (item 1a: a 1×n row)")
                .step("(∂ℓ/∂r)_ei = ∂ℓ/∂r_i (item 1a)", p -> p.partial("ℓ").wrt("r", "i"))
                .step("(rᵀ)_ei", p -> p.at("rᵀ", "e", "i"))
                .build()));
        out.add(ProofLine.of("P2.proof.dr_dW2", P2, network("i:n, j:n, k:h", "∂r_i/∂W⁽²⁾_jk = δ_ij s_k")
                .step("∂r_i/∂W⁽²⁾_jk", p -> p.partial("r", "i").wrt("W2", "j", "k"))
                .step("δ_ij s_k", p -> p.delta("i", "j").times(p.at("s", "k")))
                .build()));
        out.add(ProofLine.of("P2.proof.dr_dW2.tensor", P2, network("i:n, j:h, k:n", "∂r/∂W⁽²⁾ = I_n⊗s")
                .step("(∂r/∂W⁽²⁾)_ijk = ∂r_i/∂W⁽²⁾_kj (item 4)", p -> p.partial("r", "i").wrt("W2", "k", "j"))
                .step("(I_n⊗s)_ijk = s_j (I_n)_ki (item 7)", p -> p.at("s", "j").times(p.delta("k", "i")))
                .build()));
        out.add(ProofLine.of("P2.proof.dr_db2", P2, network("i:n, j:n", "∂r_i/∂b⁽²⁾_j = δ_ij, ∂r/∂b⁽²⁾ = I_n")
                .step("(∂r/∂b⁽²⁾)_ij = ∂r_i/∂b⁽²⁾_j (item 1)", p -> p.partial("r", "i").wrt("b2", "j"))
                .step("δ_ij = (I_n)_ij", p -> p.delta("i", "j"))
                .build()));
        out.add(ProofLine.of("P2.proof.dl_dW2", P2, network("j:n, k:h",
                "∂ℓ/∂W⁽²⁾_jk = Σ_i (∂ℓ/∂r_i)(∂r_i/∂W⁽²⁾_jk) = Σ_i r_i δ_ij s_k = r_j s_k")
                .step("∂ℓ/∂W⁽²⁾_jk", p -> p.partial("ℓ").wrt("W2", "j", "k"))
                .step("Σ_i (∂ℓ/∂r_i)(∂r_i/∂W⁽²⁾_jk)", p -> p.sum("i", "n",
                        q -> q.partial("ℓ").wrt("r", "i").times(q.partial("r", "i").wrt("W2", "j", "k"))))
                .step("Σ_i r_i δ_ij s_k",
                        p -> p.sum("i", "n", q -> q.at("r", "i").times(q.delta("i", "j")).times(q.at("s", "k"))))
                .step("r_j s_k", p -> p.at("r", "j").times(p.at("s", "k")))
                .build()));
        out.add(ProofLine.of("P2.proof.dl_db2", P2, network("j:n",
                "∂ℓ/∂b⁽²⁾_j = Σ_i (∂ℓ/∂r_i)(∂r_i/∂b⁽²⁾_j) = Σ_i r_i δ_ij = r_j")
                .step("∂ℓ/∂b⁽²⁾_j", p -> p.partial("ℓ").wrt("b2", "j"))
                .step("Σ_i (∂ℓ/∂r_i)(∂r_i/∂b⁽²⁾_j)", p -> p.sum("i", "n",
                        q -> q.partial("ℓ").wrt("r", "i").times(q.partial("r", "i").wrt("b2", "j"))))
                .step("Σ_i r_i δ_ij", p -> p.sum("i", "n", q -> q.at("r", "i").times(q.delta("i", "j"))))
                .step("r_j", p -> p.at("r", "j"))
                .build()));
        out.add(ProofLine.of("P2.proof.W2tilde", P2, network("j:h+1, k:n",
                "∂ℓ/∂W̃⁽²⁾ = (∂ℓ/∂r)(∂r/∂W̃⁽²⁾) = rᵀ(I_n⊗s̃) = s̃ rᵀ ∈ R^{(h+1)×n}")
                .step("(∂ℓ/∂W̃⁽²⁾)_jk = ∂ℓ/∂W̃⁽²⁾_kj (item 3)", p -> p.partial("ℓ").wrt("W̃2", "k", "j"))
                .step("((∂ℓ/∂r)(∂r/∂W̃⁽²⁾))_jk = Σ_i (∂ℓ/∂r_i)(∂r_i/∂W̃⁽²⁾_kj) (items 1, 4)", p -> p.sum("i", "n",
                        q -> q.partial("ℓ").wrt("r", "i").times(q.partial("r", "i").wrt("W̃2", "k", "j"))))
                .step("(rᵀ(I_n⊗s̃))_jk = Σ_i r_i s̃_j δ_ki (item 7)", p -> p.sum("i", "n",
                        q -> q.at("r", "i").times(q.at("s̃", "j")).times(q.delta("k", "i"))))
                .step("(s̃ rᵀ)_jk = s̃_j r_k (item 5)", p -> p.at("s̃", "j").times(p.at("r", "k")))
                .build()));
        out.add(ProofLine.of("P2.proof.ds_dz", P2, network("i:h, j:h",
                "(∂s/∂z)_ij = ∂s_i/∂z_j = ∂(σ(z))_i/∂z_j = ∂σ(z_i)/∂z_j = σ'(z_i) ∂z_i/∂z_j = σ'(z_i) δ_ij")
                .step("(∂s/∂z)_ij = ∂s_i/∂z_j (item 1)", p -> p.partial("s", "i").wrt("z", "j"))
                .step("∂(σ(z))_i/∂z_j", p -> p.derivative("z", "j").of(q -> q.at("s", "i")))
                .step("∂σ(z_i)/∂z_j", p -> p.derivative("z", "j").of(q -> q.sigma(q.at("z", "i"))))
                .step("σ'(z_i) ∂z_i/∂z_j", p -> p.at("σ'(z)", "i").times(p.partial("z", "i").wrt("z", "j")))
                .step("σ'(z_i) δ_ij", p -> p.at("σ'(z)", "i").times(p.delta("i", "j")))
                .build()));
        out.add(ProofLine.of("P2.proof.dz_dW1tilde", P2, network("i:h, j:d+1, k:h",
                "(∂z/∂W̃⁽¹⁾)_ijk = ∂z_i/∂W̃_kj = ∂(w̃_iᵀx̃)/∂W̃_kj = ∂(Σ_l W̃_il x̃_l)/∂W̃_kj = Σ_l (∂W̃_il/∂W̃_kj) x̃_l"
                        + " = Σ_l δ_ik δ_lj x̃_l = δ_ik x̃_j")
                .step("(∂z/∂W̃⁽¹⁾)_ijk = ∂z_i/∂W̃_kj (item 4)", p -> p.partial("z", "i").wrt("W̃1", "k", "j"))
                .step("∂(w̃_iᵀx̃)/∂W̃_kj", p -> p.derivative("W̃1", "k", "j").of(q -> q.at("z", "i")))
                .step("∂(Σ_l W̃_il x̃_l)/∂W̃_kj", p -> p.derivative("W̃1", "k", "j")
                        .of(q -> q.sum("l", "d+1", u -> u.at("W̃1", "i", "l").times(u.at("x̃", "l")))))
                .step("Σ_l (∂W̃_il/∂W̃_kj) x̃_l", p -> p.sum("l", "d+1",
                        q -> q.partial("W̃1", "i", "l").wrt("W̃1", "k", "j").times(q.at("x̃", "l"))))
                .step("Σ_l δ_ik δ_lj x̃_l", p -> p.sum("l", "d+1",
                        q -> q.delta("i", "k").times(q.delta("l", "j")).times(q.at("x̃", "l"))))
                .step("δ_ik x̃_j", p -> p.delta("i", "k").times(p.at("x̃", "j")))
                .build()));
        out.add(ProofLine.of("P2.proof.dr_ds", P2, network("i:n, j:h", "r = W⁽²⁾s + b⁽²⁾ ⇒ ∂r/∂s = W⁽²⁾")
                .step("(∂r/∂s)_ij = ∂r_i/∂s_j (item 1)", p -> p.partial("r", "i").wrt("s", "j"))
                .step("W⁽²⁾_ij", p -> p.at("W2", "i", "j"))
                .build()));
        out.add(ProofLine.of("P2.proof.W1tilde", P2, network("j:d+1, k:h",
                "∂ℓ/∂W̃⁽¹⁾ = (∂ℓ/∂r)(∂r/∂s)(∂s/∂z)(∂z/∂W̃⁽¹⁾) = rᵀ W⁽²⁾ diag(σ'(z)) (I_h⊗x̃) = x̃ rᵀ W⁽²⁾ diag(σ'(z))")
                .step("(∂ℓ/∂W̃⁽¹⁾)_jk = ∂ℓ/∂W̃⁽¹⁾_kj (item 3)", p -> p.partial("ℓ").wrt("W̃1", "k", "j"))
                .step("((∂ℓ/∂r)(∂r/∂s)(∂s/∂z)(∂z/∂W̃⁽¹⁾))_jk"
                        + " = Σ_i Σ_a Σ_b (∂ℓ/∂r_a)(∂r_a/∂s_b)(∂s_b/∂z_i)(∂z_i/∂W̃⁽¹⁾_kj) (items 1, 4)",
                        p -> p.sum("i", "h", q -> q.sum("a", "n", u -> u.sum("b", "h",
                                v -> v.partial("ℓ").wrt("r", "a").times(v.partial("r", "a").wrt("s", "b"))
                                        .times(v.partial("s", "b").wrt("z", "i"))
                                        .times(v.partial("z", "i").wrt("W̃1", "k", "j"))))))
                .step("(rᵀ W⁽²⁾ diag(σ'(z)) (I_h⊗x̃))_jk = Σ_i Σ_b Σ_a r_a W⁽²⁾_ab σ'(z_b) δ_bi x̃_j δ_ki (items 7, 8)",
                        p -> p.sum("i", "h", q -> q.sum("b", "h", u -> rTimesW2(u).times(u.at("σ'(z)", "b"))
                                .times(u.delta("b", "i")).times(u.at("x̃", "j")).times(u.delta("k", "i")))))
                .step("(x̃ rᵀ W⁽²⁾ diag(σ'(z)))_jk = x̃_j Σ_b Σ_a r_a W⁽²⁾_ab σ'(z_b) δ_bk",
                        p -> p.at("x̃", "j").times(backwardRow(p)))
                .build()));
        out.addAll(propositionTwoStatement());
        return out;
    }

    /** Prop 2's six formulas, each against the exact derivative arranged by item 3 (matrices) or 1a (rows). */
    static List<ProofLine> propositionTwoStatement() {
        String p2 = "Prop 2";
        return List.of(
                ProofLine.of("P2.W1tilde", p2, network("j:d+1, k:h", "∂ℓ/∂W̃⁽¹⁾ = x̃ rᵀ W⁽²⁾ diag(σ'(z))")
                        .step("(∂ℓ/∂W̃⁽¹⁾)_jk = ∂ℓ/∂W̃⁽¹⁾_kj (item 3)", p -> p.partial("ℓ").wrt("W̃1", "k", "j"))
                        .step("(x̃ rᵀ W⁽²⁾ diag(σ'(z)))_jk", p -> p.at("x̃", "j").times(backwardRow(p)))
                        .build()),
                ProofLine.of("P2.W2tilde", p2, network("j:h+1, k:n", "∂ℓ/∂W̃⁽²⁾ = s̃ rᵀ")
                        .step("(∂ℓ/∂W̃⁽²⁾)_jk = ∂ℓ/∂W̃⁽²⁾_kj (item 3)", p -> p.partial("ℓ").wrt("W̃2", "k", "j"))
                        .step("(s̃ rᵀ)_jk = s̃_j r_k", p -> p.at("s̃", "j").times(p.at("r", "k")))
                        .build()),
                ProofLine.of("P2.W1", p2, network("j:d, k:h", "∂ℓ/∂W⁽¹⁾ = x rᵀ W⁽²⁾ diag(σ'(z)) ∈ R^{d×h}")
                        .step("(∂ℓ/∂W⁽¹⁾)_jk = ∂ℓ/∂W⁽¹⁾_kj (item 3)", p -> p.partial("ℓ").wrt("W1", "k", "j"))
                        .step("(x rᵀ W⁽²⁾ diag(σ'(z)))_jk", p -> p.at("x", "j").times(backwardRow(p)))
                        .build()),
                ProofLine.of("P2.b1", p2, network("e:1, k:h", "∂ℓ/∂b₁ = rᵀ W⁽²⁾ diag(σ'(z)) ∈ R^{1×h}")
                        .step("(∂ℓ/∂b₁)_ek = ∂ℓ/∂b₁_k (item 1a)", p -> p.partial("ℓ").wrt("b1", "k"))
                        .step("(rᵀ W⁽²⁾ diag(σ'(z)))_ek", SeedProofs::backwardRow)
                        .build()),
                ProofLine.of("P2.W2", p2, network("j:h, k:n", "∂ℓ/∂W⁽²⁾ = s rᵀ ∈ R^{h×n}")
                        .step("(∂ℓ/∂W⁽²⁾)_jk = ∂ℓ/∂W⁽²⁾_kj (item 3)", p -> p.partial("ℓ").wrt("W2", "k", "j"))
                        .step("(s rᵀ)_jk = s_j r_k", p -> p.at("s", "j").times(p.at("r", "k")))
                        .build()),
                ProofLine.of("P2.b2", p2, network("e:1, k:n", "∂ℓ/∂b₂ = rᵀ ∈ R^{1×n}")
                        .step("(∂ℓ/∂b₂)_ek = ∂ℓ/∂b₂_k (item 1a)", p -> p.partial("ℓ").wrt("b2", "k"))
                        .step("(rᵀ)_ek", p -> p.at("rᵀ", "e", "k"))
                        .build()));
    }

    // ---- the diagrams' convention ----------------------------------------------------------------------------

    /**
     * "Convention rᵀ(I_m⊗x) = xᵀr" (the diagrams' page), x ∈ R^p, r ∈ R^m, in index form: the left side is
     * p×m (item 7: (I_m⊗x)_ijk = x_j δ_ki, contracted with r over its first index); xᵀr = Σ_l x_l r_l is 1×1.
     * Kept as printed; corrected by rᵀ(I_m⊗x) = x rᵀ (item 7).
     */
    static ProofLine diagramConvention() {
        String title = "Convention rᵀ(I_m⊗x) = xᵀr";
        Derivation printed = convention("j:p, k:m", title)
                .define("xᵀr", "e:1, f:1", p -> p.sum("l", "p", q -> q.at("x", "l").times(q.at("r", "l"))))
                .step("(rᵀ(I_m⊗x))_jk = Σ_i r_i x_j δ_ki (item 7)", SeedProofs::conventionLeft)
                .step("(xᵀr)_jk, xᵀr = Σ_l x_l r_l (1×1)", p -> p.at("xᵀr", "j", "k"))
                .build();
        Derivation corrected = convention("j:p, k:m", "rᵀ(I_m⊗x) = x rᵀ (item 7), a p×m matrix")
                .step("(rᵀ(I_m⊗x))_jk = Σ_i r_i x_j δ_ki (item 7)", SeedProofs::conventionLeft)
                .step("(x rᵀ)_jk = x_j r_k (item 5)", p -> p.at("x", "j").times(p.at("r", "k")))
                .build();
        return new ProofLine("D.convention", "Diagrams", printed, corrected);
    }

    private static Derivation.Builder convention(String indices, String title) {
        return Derivation.over(indices).titled(title).input("x", "p").input("r", "m");
    }

    private static Term conventionLeft(Scope p) {
        return p.sum("i", "m", q -> q.at("r", "i").times(q.at("x", "j")).times(q.delta("k", "i")));
    }
}
