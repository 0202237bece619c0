package dev.backprop.verification.claims;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Vector;
import dev.backprop.verification.generate.ShallowCase;
import dev.backprop.verification.numeric.ForwardModeAd;
import dev.backprop.verification.numeric.Gauges;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The named quantities of Prop 2 for one sample — x, x̃, z, s, s̃, r, σ'(z) — computed in plain loops, and the
 * same forward pass over {@link DerivativeStructure} variables standing for one of W̃1, W̃2, W2, b2, r, s, z,
 * so that each Jacobian of the proof can be taken exactly. σ'(z) is computed with the activation's own
 * derivative because it is a named quantity of the formulas being checked, never the truth they are checked
 * against: the truth always comes from differentiating σ itself.
 */
final class SingleSample {
    final ShallowNetwork net;
    final Activation act;
    final Vector x;
    final Vector xTilde;
    final Vector y;
    final Vector z;
    final Vector s;
    final Vector sTilde;
    final Vector r;
    final Vector sigmaPrime;
    private final ShallowCase source;

    SingleSample(ShallowCase c) {
        this.source = c;
        this.net = c.network();
        this.act = net.activation();
        this.x = c.batch().input(0);
        this.y = c.batch().target(0);
        this.xTilde = x.augmented();
        Matrix w1 = net.w1();
        this.z = Vector.fromFunction(net.hiddenSize(), i -> {
            double zi = net.b1().get(i);
            for (int l = 0; l < x.size(); l++) {
                zi += w1.get(i, l) * x.get(l);
            }
            return zi;
        });
        this.s = Vector.fromFunction(z.size(), i -> act.value(z.get(i)));
        this.sTilde = s.augmented();
        this.r = Vector.fromFunction(net.outputSize(), k -> {
            double rk = net.b2().get(k) - y.get(k);
            for (int i = 0; i < s.size(); i++) {
                rk += net.w2().get(k, i) * s.get(i);
            }
            return rk;
        });
        this.sigmaPrime = Vector.fromFunction(z.size(), i -> act.derivative(z.get(i)));
    }

    /** The exact gradient of ℓ (forward-mode AD), numerator layout. */
    ShallowGradient truth() {
        return ForwardModeAd.gradient(source.network(), source.batch());
    }

    /** The rounding gauges of this sample's gradient. */
    Gauges gauges() {
        return Gauges.of(source.network(), source.batch());
    }

    /** |W2| sG + |b2| + |y|: what r is computed from, before it cancels (the gauge of ∂ℓ/∂b2 for B = 1). */
    Vector gaugeOfR() {
        Matrix g = gauges().gradient().b2();
        return Vector.fromFunction(n(), k -> g.get(0, k));
    }

    int d() {
        return x.size();
    }

    int h() {
        return z.size();
    }

    int n() {
        return r.size();
    }

    /** z = W̃1 x̃ as a function of W̃1 (h×(d+1)). */
    DerivativeStructure[] zOfW1Tilde(DerivativeStructure[][] w1Tilde) {
        DerivativeStructure[] out = new DerivativeStructure[h()];
        for (int i = 0; i < h(); i++) {
            DerivativeStructure zi = w1Tilde[i][0].multiply(0.0);
            for (int l = 0; l <= d(); l++) {
                zi = zi.add(w1Tilde[i][l].multiply(xTilde.get(l)));
            }
            out[i] = zi;
        }
        return out;
    }

    /** s = σ(z). */
    DerivativeStructure[] sOfZ(DerivativeStructure[] zs) {
        DerivativeStructure[] out = new DerivativeStructure[zs.length];
        for (int i = 0; i < zs.length; i++) {
            out[i] = ForwardModeAd.apply(act, zs[i]);
        }
        return out;
    }

    /** r = W2 s + b2 − y as a function of s. */
    DerivativeStructure[] rOfS(DerivativeStructure[] ss) {
        DerivativeStructure[] out = new DerivativeStructure[n()];
        for (int k = 0; k < n(); k++) {
            DerivativeStructure rk = ss[0].multiply(0.0).add(net.b2().get(k) - y.get(k));
            for (int i = 0; i < h(); i++) {
                rk = rk.add(ss[i].multiply(net.w2().get(k, i)));
            }
            out[k] = rk;
        }
        return out;
    }

    /** r = W̃2 s̃ − y as a function of W̃2 (n×(h+1)). */
    DerivativeStructure[] rOfW2Tilde(DerivativeStructure[][] w2Tilde) {
        DerivativeStructure[] out = new DerivativeStructure[n()];
        for (int k = 0; k < n(); k++) {
            DerivativeStructure rk = w2Tilde[k][0].multiply(0.0).subtract(y.get(k));
            for (int l = 0; l <= h(); l++) {
                rk = rk.add(w2Tilde[k][l].multiply(sTilde.get(l)));
            }
            out[k] = rk;
        }
        return out;
    }

    /** r = W2 s + b2 − y as a function of W2 (n×h). */
    DerivativeStructure[] rOfW2(DerivativeStructure[][] w2) {
        DerivativeStructure[] out = new DerivativeStructure[n()];
        for (int k = 0; k < n(); k++) {
            DerivativeStructure rk = w2[k][0].multiply(0.0).add(net.b2().get(k) - y.get(k));
            for (int i = 0; i < h(); i++) {
                rk = rk.add(w2[k][i].multiply(s.get(i)));
            }
            out[k] = rk;
        }
        return out;
    }

    /** r = W2 s + b2 − y as a function of b2. */
    DerivativeStructure[] rOfB2(DerivativeStructure[] b2) {
        DerivativeStructure[] out = new DerivativeStructure[n()];
        for (int k = 0; k < n(); k++) {
            DerivativeStructure rk = b2[k].subtract(y.get(k));
            for (int i = 0; i < h(); i++) {
                rk = rk.add(net.w2().get(k, i) * s.get(i));
            }
            out[k] = rk;
        }
        return out;
    }

    /** ℓ = ½‖r‖² = ½ Σ_j r_j². */
    static DerivativeStructure loss(DerivativeStructure[] rs) {
        DerivativeStructure l = rs[0].multiply(0.0);
        for (DerivativeStructure rj : rs) {
            l = l.add(rj.multiply(rj));
        }
        return l.multiply(0.5);
    }

    /** ℓ as a function of W̃1: the whole forward pass. */
    DerivativeStructure lossOfW1Tilde(DerivativeStructure[][] w1Tilde) {
        return loss(rOfS(sOfZ(zOfW1Tilde(w1Tilde))));
    }
}
