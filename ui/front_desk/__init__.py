"""The front desk: the Carte Vitale read, its holders matched to patients or created."""
