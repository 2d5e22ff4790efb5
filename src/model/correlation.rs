//! Correlation matrices for the Gaussian copula: checks and the nearest valid matrix.

use nalgebra::{DMatrix, SymmetricEigen};

/// Eigenvalues below this count as negative (a matrix typed to two decimals can be off
/// by rounding; anything beyond it is a real inconsistency).
pub const PSD_TOLERANCE: f64 = 1e-10;

/// Why a square matrix is not a valid correlation matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum MatrixProblem {
    OutOfRange {
        row: usize,
        col: usize,
        value: f64,
    },
    Diagonal {
        index: usize,
        value: f64,
    },
    Asymmetric {
        row: usize,
        col: usize,
        upper: f64,
        lower: f64,
    },
    /// The smallest eigenvalue, and the two members weighing most in its eigenvector.
    NotPositiveSemiDefinite {
        eigenvalue: f64,
        pair: (usize, usize),
    },
}

/// All the problems of an n×n matrix, entry-wise ones first. Positive semi-definiteness is
/// only checked once the entries are in range, symmetric, with a unit diagonal.
pub fn problems(m: &DMatrix<f64>) -> Vec<MatrixProblem> {
    let n = m.nrows();
    let mut out = Vec::new();
    for i in 0..n {
        if m[(i, i)] != 1.0 {
            out.push(MatrixProblem::Diagonal {
                index: i,
                value: m[(i, i)],
            });
        }
        for j in 0..n {
            let v = m[(i, j)];
            if i != j && !(-1.0..=1.0).contains(&v) {
                out.push(MatrixProblem::OutOfRange {
                    row: i,
                    col: j,
                    value: v,
                });
            }
            if i < j && (m[(i, j)] - m[(j, i)]).abs() > 1e-12 {
                out.push(MatrixProblem::Asymmetric {
                    row: i,
                    col: j,
                    upper: m[(i, j)],
                    lower: m[(j, i)],
                });
            }
        }
    }
    if out.is_empty() {
        if let Some(p) = indefiniteness(m) {
            out.push(p);
        }
    }
    out
}

fn indefiniteness(m: &DMatrix<f64>) -> Option<MatrixProblem> {
    let eigen = SymmetricEigen::new(m.clone());
    let (k, &smallest) = eigen
        .eigenvalues
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))?;
    if smallest >= -PSD_TOLERANCE {
        return None;
    }
    let v = eigen.eigenvectors.column(k);
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[b].abs().total_cmp(&v[a].abs()));
    let (a, b) = (order[0].min(order[1]), order[0].max(order[1]));
    Some(MatrixProblem::NotPositiveSemiDefinite {
        eigenvalue: smallest,
        pair: (a, b),
    })
}

/// The nearest correlation matrix in the Frobenius norm (Higham 2002, alternating
/// projections with Dykstra's correction), nudged to be strictly positive definite so
/// that its Cholesky factor exists. The input must be symmetric with entries in [-1, 1].
pub fn nearest_correlation(a: &DMatrix<f64>) -> DMatrix<f64> {
    let n = a.nrows();
    let mut y = a.clone();
    let mut correction = DMatrix::<f64>::zeros(n, n);
    for _ in 0..1_000 {
        let r = &y - &correction;
        let x = project_psd(&r, 0.0);
        correction = &x - &r;
        let mut next = x.clone();
        for i in 0..n {
            next[(i, i)] = 1.0;
        }
        let change = (&next - &y).norm();
        y = next;
        if change < 1e-12 {
            break;
        }
    }
    // Make it strictly positive definite and restore the unit diagonal.
    let x = project_psd(&y, 1e-8);
    let d: Vec<f64> = (0..n).map(|i| x[(i, i)].sqrt()).collect();
    DMatrix::from_fn(n, n, |i, j| {
        if i == j {
            1.0
        } else {
            x[(i, j)] / (d[i] * d[j])
        }
    })
}

fn project_psd(m: &DMatrix<f64>, floor: f64) -> DMatrix<f64> {
    let eigen = SymmetricEigen::new(m.clone());
    let q = &eigen.eigenvectors;
    let clipped = DMatrix::from_diagonal(&eigen.eigenvalues.map(|l| l.max(floor)));
    let out = q * clipped * q.transpose();
    (&out + out.transpose()) * 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_matrix_has_no_problems() {
        let m = DMatrix::from_row_slice(2, 2, &[1.0, -0.3, -0.3, 1.0]);
        assert!(problems(&m).is_empty());
    }

    #[test]
    fn asymmetry_and_diagonal_are_named() {
        let m = DMatrix::from_row_slice(2, 2, &[1.0, 0.5, 0.4, 0.9]);
        let p = problems(&m);
        assert!(p.contains(&MatrixProblem::Diagonal {
            index: 1,
            value: 0.9
        }));
        assert!(
            p.iter()
                .any(|p| matches!(p, MatrixProblem::Asymmetric { row: 0, col: 1, .. }))
        );
    }

    #[test]
    fn indefinite_matrix_is_found_and_repaired() {
        // Pairwise plausible, jointly impossible.
        let m = DMatrix::from_row_slice(3, 3, &[1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0]);
        let p = problems(&m);
        assert!(
            matches!(p[..], [MatrixProblem::NotPositiveSemiDefinite { eigenvalue, .. }] if eigenvalue < 0.0)
        );
        let fixed = nearest_correlation(&m);
        assert!(problems(&fixed).is_empty(), "{fixed}");
        assert!(fixed.clone().cholesky().is_some());
        // The repair moves the matrix only as much as needed.
        assert!((&fixed - &m).norm() < 1.0);
    }
}
