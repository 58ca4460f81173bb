"""payroll"""
